package io.captiond.session;

/** Makes a stream's caption policy once its first audio fixes the stream time of sample 0. */
@FunctionalInterface
public interface PolicyFactory {

  CaptionPolicy create(long baseMs);

  /** Whole utterances: tentative re-decodes while speech goes on, one final at its end. */
  static PolicyFactory utterance(UtterancePolicy.Config config) {
    return baseMs -> new UtterancePolicy(config, baseMs);
  }

  /** LocalAgreement-2 over a growing window: what two decodes agree on is confirmed at once. */
  static PolicyFactory streaming(StreamingPolicy.Config config) {
    return baseMs -> new StreamingPolicy(config, baseMs);
  }
}
