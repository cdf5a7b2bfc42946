package io.captiond.asr.whisper;

import io.captiond.asr.AsrEngine;
import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.WordTiming;
import java.nio.file.Path;
import java.util.List;

/**
 * Whisper as an {@link AsrEngine}: one window of at most 30 s, log-mel, encoder, greedy decode
 * with timestamps, segments with derived word times. Thread-safe: every call has its own decoder
 * cache; the ONNX sessions are shared.
 *
 * <p>Like Whisper's {@code transcribe()}, a window whose no-speech probability exceeds 0.6 while
 * its average log-probability is below -1 gives no segments; the prompt conditions the decode
 * through {@code <|startofprev|>}; a {@code null} language is detected from the first step.
 */
public final class WhisperEngine implements AsrEngine {

  static final double NO_SPEECH_THRESHOLD = 0.6;
  static final double LOGPROB_THRESHOLD = -1.0;
  static final int SAMPLE_LEN = 224;

  private final String name;
  private final WhisperModel model;
  private final LogMelSpectrogram mel;
  private final GreedyDecoder decoder;

  public WhisperEngine(String name, WhisperModel model) {
    this.name = name;
    this.model = model;
    this.mel = new LogMelSpectrogram(model.config().numMelBins());
    this.decoder = new GreedyDecoder(model);
  }

  /** Loads a model folder (see {@link WhisperModel}); the engine is named {@code whisper-<folder name>}. */
  public static WhisperEngine load(Path dir, int intraOpThreads) throws AsrException {
    return new WhisperEngine("whisper-" + dir.getFileName(), WhisperModel.load(dir, intraOpThreads));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public WordTiming wordTiming() {
    return WordTiming.DERIVED;
  }

  @Override
  public Transcript transcribe(AudioWindow window, TranscribeOptions options) throws AsrException {
    if (window.samples().length > LogMelSpectrogram.CHUNK_SAMPLES) {
      throw new AsrException("window of " + window.durationMs() + " ms is longer than Whisper's 30 s");
    }
    if (window.samples().length <= LogMelSpectrogram.N_FFT / 2) {
      return Transcript.empty(options.language(), wordTiming());
    }
    WhisperTokenizer tok = model.tokenizer();
    float[] audio = model.encode(mel.chunk(window.floatSamples()));
    String language = options.language() != null || !tok.isMultilingual() ? options.language() : detectLanguage(audio);
    int[] prompt = prompt(tok, options.prompt(), language);
    int sampleLen = Math.min(SAMPLE_LEN, model.config().maxTargetPositions() - prompt.length);
    GreedyDecoder.Result result = decoder.decode(audio, prompt, sampleLen);
    double avgLogProb = result.avgLogProbability(tok.eot());
    if (result.noSpeechProbability() > NO_SPEECH_THRESHOLD && avgLogProb < LOGPROB_THRESHOLD) {
      return Transcript.empty(language, wordTiming());
    }
    int[] sampled = result.sampled(tok.eot());
    List<Segment> segments = SegmentBuilder.build(tok, sampled, result.tokenLogProbabilities(), window.startMs(),
        window.durationMs(), result.noSpeechProbability(), avgLogProb);
    return new Transcript(segments, language, wordTiming());
  }

  /**
   * {@code [<|startofprev|> prompt...] <|startoftranscript|> <|lang|> <|transcribe|>}; the prompt
   * keeps its last {@code n_text_ctx / 2 - 1} tokens, as Whisper's {@code _get_initial_tokens}.
   */
  static int[] prompt(WhisperTokenizer tok, String previousText, String language) {
    int[] sot = tok.sotSequence(language, false);
    if (previousText == null || previousText.isBlank()) {
      return sot;
    }
    int[] text = tok.encode(" " + previousText.strip());
    int keep = Math.min(text.length, 448 / 2 - 1);
    int[] out = new int[1 + keep + sot.length];
    out[0] = tok.sotPrev();
    System.arraycopy(text, text.length - keep, out, 1, keep);
    System.arraycopy(sot, 0, out, 1 + keep, sot.length);
    return out;
  }

  /** Whisper's {@code detect_language}: the likeliest language token after {@code <|startoftranscript|>}. */
  String detectLanguage(float[] audio) throws AsrException {
    WhisperTokenizer tok = model.tokenizer();
    try (WhisperModel.DecoderSession session = model.startDecoding(audio)) {
      float[] logits = session.prompt(new int[] {tok.sot()});
      int first = tok.sot() + 1;
      int best = first;
      for (int t = first; t < first + tok.numLanguages(); t++) {
        if (logits[t] > logits[best]) {
          best = t;
        }
      }
      return tok.languages().get(best - first);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
