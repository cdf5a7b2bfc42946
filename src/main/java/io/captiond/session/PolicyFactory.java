package io.captiond.session;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Makes a stream's caption policy once its first audio fixes the stream time of sample 0. */
@FunctionalInterface
public interface PolicyFactory {

  CaptionPolicy create(long baseMs);

  /** The policy for {@code stream}, whose engine may call for its own kind; by default the same for every stream. */
  default CaptionPolicy create(StreamRecord stream, long baseMs) {
    return create(baseMs);
  }

  /** Whole utterances: tentative re-decodes while speech goes on, one final at its end. */
  static PolicyFactory utterance(UtterancePolicy.Config config) {
    return baseMs -> new UtterancePolicy(config, baseMs);
  }

  /** LocalAgreement-2 over a growing window: what two decodes agree on is confirmed at once. */
  static PolicyFactory streaming(StreamingPolicy.Config config) {
    return new PolicyFactory() {
      @Override
      public CaptionPolicy create(long baseMs) {
        return new StreamingPolicy(config, baseMs);
      }

      /** A source read faster than real time has no live edge to keep up with: its pace never changes. */
      @Override
      public CaptionPolicy create(StreamRecord stream, long baseMs) {
        return new StreamingPolicy(stream.source().realtime() ? config : config.withMaxStep(0), baseMs);
      }
    };
  }

  /**
   * Streams whose engine (the stream's, else {@code defaultEngine}) is one of {@code streamingEngines}
   * feed it their speech as it arrives ({@link IncrementalPolicy}); the others get {@code windowed}.
   */
  static PolicyFactory incrementalFor(Set<String> streamingEngines, String defaultEngine,
      IncrementalPolicy.Config config, PolicyFactory windowed) {
    return new PolicyFactory() {
      @Override
      public CaptionPolicy create(long baseMs) {
        return windowed.create(baseMs);
      }

      @Override
      public CaptionPolicy create(StreamRecord stream, long baseMs) {
        String engine = stream.engine() == null ? defaultEngine : stream.engine();
        return streamingEngines.contains(engine)
            ? new IncrementalPolicy(config, stream.id(), ThreadLocalRandom.current().nextLong(), baseMs)
            : windowed.create(stream, baseMs);
      }
    };
  }
}
