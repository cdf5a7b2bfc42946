package io.captiond.asr.whisper;

import io.captiond.asr.AsrException;
import io.captiond.asr.CompressionRatio;
import io.captiond.asr.LanguageSupport;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.BatchAsrEngine;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.WordTiming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whisper as an {@link io.captiond.asr.AsrEngine}: windows of at most 30 s, log-mel, encoder, a
 * decode with timestamps, segments with derived word times. Thread-safe: every call has its own
 * decoder caches; the ONNX sessions are shared.
 *
 * <p>Several windows go through the encoder as one batch and are decoded greedily together
 * ({@link GreedyDecoder#decodeBatch}); each gets the tokens it would get alone. As Whisper's
 * {@code transcribe()}: the decode at temperature 0 (greedy, or beam search when the beam size is
 * above 1) is retried at the next temperature while its text compresses too well or its average
 * log-probability is too low, unless the window is silence (no-speech probability above the
 * threshold); a silent, unsure window gives no segments; the prompt conditions the decode through
 * {@code <|startofprev|>}; a {@code null} language is detected from the first step. The live step
 * decodes a growing window again and again: the previous decode of the same window start is the
 * draft of the next ({@link DraftHints}, {@link DraftedDecoder}), which changes its speed, not its tokens.
 */
public final class WhisperEngine implements BatchAsrEngine {

  static final int SAMPLE_LEN = 224;
  /** Sampling at a temperature above 0 is seeded per window, so a window always decodes alike. */
  private static final long SAMPLING_SEED = 0x5eed;

  private final String name;
  private final WhisperModel model;
  private final WhisperSettings settings;
  private final LogMelSpectrogram mel;
  private final GreedyDecoder greedy;
  private final BeamSearchDecoder beam;
  /** Each recent window start's last greedy tokens: the draft of its next, longer decode. */
  private final DraftHints hints = new DraftHints();

  public WhisperEngine(String name, WhisperModel model, WhisperSettings settings) {
    this.name = name;
    this.model = model;
    this.settings = settings;
    this.mel = new LogMelSpectrogram(model.config().numMelBins());
    this.greedy = new GreedyDecoder(model);
    this.beam = new BeamSearchDecoder(model);
    if (settings.beamSize() > 1 && model.exactLogits()) {
      // ExactLogits makes the greedy pick float32's; beam search ranks more tokens than it makes exact
      throw new io.captiond.settings.SettingException(WhisperSettings.BEAM_SIZE, "beam size " + settings.beamSize()
          + " with whisper.variant '" + settings.variant() + "': that variant's exact tokens need greedy decoding"
          + " (whisper.beam_size 1)");
    }
  }

  /** Greedy, without temperature fallback: the decode the reference tests pin down. */
  public WhisperEngine(String name, WhisperModel model) {
    this(name, model, WhisperSettings.greedy(model.threads()));
  }

  /** Loads a model folder (see {@link WhisperModel}); the engine is named {@code whisper-<folder name>}. */
  public static WhisperEngine load(Path dir, int intraOpThreads) throws AsrException {
    return new WhisperEngine("whisper-" + dir.getFileName(), WhisperModel.load(dir, intraOpThreads));
  }

  /** Loads a model folder with the given settings (threads, device, file variant, decoding). */
  public static WhisperEngine load(String name, Path dir, WhisperSettings settings) throws AsrException {
    WhisperModel model = WhisperModel.load(dir, settings.threads(), settings.variant(), settings.device());
    try {
      return new WhisperEngine(name, model, settings);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public WhisperModel model() {
    return model;
  }

  public WhisperSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return name;
  }

  /** A multilingual model: its language table, detected when none is named; an English-only one: en. */
  @Override
  public LanguageSupport languages() {
    return languagesOf(model.tokenizer());
  }

  static LanguageSupport languagesOf(WhisperTokenizer tokenizer) {
    return tokenizer.isMultilingual() ? new LanguageSupport(tokenizer.languages(), true) : LanguageSupport.only("en");
  }

  /**
   * What a Whisper model not loaded on this node accepts: the full table, detection included. The
   * node that runs it still refuses a code its vocabulary lacks, window by window.
   */
  public static LanguageSupport multilingual() {
    return new LanguageSupport(WhisperTokenizer.LANGUAGES, true);
  }

  @Override
  public WordTiming wordTiming() {
    return WordTiming.DERIVED;
  }

  @Override
  public int maxBatch() {
    return settings.batchSize();
  }

  @Override
  public long batchWaitMs() {
    return settings.batchWaitMs();
  }

  @Override
  public Transcript transcribe(AudioWindow window, TranscribeOptions options) throws AsrException {
    Outcome outcome = transcribeAll(List.of(window), List.of(options)).get(0);
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return outcome.transcript();
  }

  @Override
  public List<Outcome> transcribeAll(List<AudioWindow> windows, List<TranscribeOptions> options) {
    if (windows.size() != options.size()) {
      throw new IllegalArgumentException(windows.size() + " windows but " + options.size() + " options");
    }
    Outcome[] outcomes = new Outcome[windows.size()];
    List<Integer> todo = new ArrayList<>();
    List<LogMelSpectrogram.Features> features = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      AudioWindow window = windows.get(i);
      String refused = refusal(window, options.get(i));
      if (refused != null) {
        outcomes[i] = Outcome.failed(new AsrException(refused));
      } else if (window.samples().length <= LogMelSpectrogram.N_FFT / 2) {
        outcomes[i] = Outcome.of(Transcript.empty(options.get(i).language(), wordTiming()));
      } else {
        LogMelSpectrogram.Features f = mel.chunk(window.floatSamples());
        if (!f.allFinite()) {
          outcomes[i] = Outcome.failed(new AsrException("window at " + window.startMs()
              + " ms has no finite log-mel features"));
        } else {
          todo.add(i);
          features.add(f);
        }
      }
    }
    if (!todo.isEmpty()) {
      try {
        decodeAll(windows, options, todo, model.encode(features), outcomes);
      } catch (AsrException | RuntimeException e) {
        if (todo.size() > 1) {
          // a window that throws must fail alone: the others of its batch are decoded one by one
          for (int i : todo) {
            if (outcomes[i] == null) {
              outcomes[i] = transcribeAll(List.of(windows.get(i)), List.of(options.get(i))).get(0);
            }
          }
        } else {
          AsrException failure = e instanceof AsrException asr ? asr : new AsrException(e.toString(), e);
          outcomes[todo.get(0)] = Outcome.failed(failure);
        }
      }
    }
    return List.of(outcomes);
  }

  /** Why this model refuses a window before any work (its length, a language it lacks), or {@code null}. */
  private String refusal(AudioWindow window, TranscribeOptions options) {
    if (window.samples().length > LogMelSpectrogram.CHUNK_SAMPLES) {
      return "window of " + window.durationMs() + " ms is longer than Whisper's 30 s";
    }
    WhisperTokenizer tok = model.tokenizer();
    String language = options.language();
    if (tok.isMultilingual() && language != null && tok.languageToken(language).isEmpty()) {
      return "language '" + language + "' is not one of this model's " + tok.languages();
    }
    return null;
  }

  private void decodeAll(List<AudioWindow> windows, List<TranscribeOptions> options, List<Integer> todo,
      float[][] audio, Outcome[] outcomes) throws AsrException {
    WhisperTokenizer tok = model.tokenizer();
    int n = todo.size();
    String[] languages = new String[n];
    int[][] prompts = new int[n][];
    for (int k = 0; k < n; k++) {
      TranscribeOptions o = options.get(todo.get(k));
      languages[k] = o.language();
      if (tok.isMultilingual() && languages[k] != null && tok.languageToken(languages[k]).isEmpty()) {
        outcomes[todo.get(k)] = Outcome.failed(new AsrException("language '" + languages[k]
            + "' is not one of this model's " + tok.languages()));
      }
    }
    detectLanguages(audio, languages, outcomes, todo);
    for (int k = 0; k < n; k++) {
      TranscribeOptions o = options.get(todo.get(k));
      prompts[k] = prompt(tok, o.prompt(), languages[k], o.translate());
    }
    GreedyDecoder.Result[] first;
    if (settings.beamSize() == 1) {
      first = decodeWithDrafts(windows, options, todo, audio, prompts, outcomes);
    } else {
      first = new GreedyDecoder.Result[n];
      for (int k = 0; k < n; k++) {
        first[k] = beam.decode(audio[k], prompts[k], SAMPLE_LEN, settings.beamSize(), settings.patience());
      }
    }
    for (int k = 0; k < n; k++) {
      int i = todo.get(k);
      if (outcomes[i] != null) {
        continue;
      }
      try {
        GreedyDecoder.Result result = withFallback(audio[k], prompts[k], first[k]);
        outcomes[i] = Outcome.of(transcript(windows.get(i), languages[k], result));
      } catch (AsrException e) {
        outcomes[i] = Outcome.failed(e);
      }
    }
  }

  /**
   * The greedy decodes at temperature 0, each window with the tokens decoded for a shorter window
   * of its start (the previous live step) as a draft ({@link DraftHints}, {@link DraftedDecoder}:
   * the same tokens, sooner when the draft is right), which then become the draft of its next,
   * longer decode.
   */
  private GreedyDecoder.Result[] decodeWithDrafts(List<AudioWindow> windows, List<TranscribeOptions> options,
      List<Integer> todo, float[][] audio, int[][] prompts, Outcome[] outcomes) throws AsrException {
    if (!greedy.drafted().verifies()) {
      return greedy.decodeBatch(audio, prompts, SAMPLE_LEN);
    }
    int n = todo.size();
    DraftHints.Key[] keys = new DraftHints.Key[n];
    int[][] drafts = new int[n][];
    for (int k = 0; k < n; k++) {
      keys[k] = DraftHints.key(windows.get(todo.get(k)), options.get(todo.get(k)));
      drafts[k] = hints.get(keys[k], windows.get(todo.get(k)).samples().length);
    }
    GreedyDecoder.Result[] results = greedy.decodeBatch(audio, prompts, SAMPLE_LEN, drafts);
    for (int k = 0; k < n; k++) {
      if (outcomes[todo.get(k)] == null) {
        int[] tokens = results[k].tokens();
        hints.put(keys[k], windows.get(todo.get(k)).samples().length,
            java.util.Arrays.copyOfRange(tokens, results[k].sampleBegin(), tokens.length));
      }
    }
    return results;
  }

  /** Whisper's {@code decode_with_fallback}: higher temperatures while the decode looks wrong. */
  private GreedyDecoder.Result withFallback(float[] audio, int[] prompt, GreedyDecoder.Result result)
      throws AsrException {
    List<Double> temperatures = settings.temperatures();
    java.util.SplittableRandom random = new java.util.SplittableRandom(SAMPLING_SEED);
    for (int t = 1; t < temperatures.size() && needsFallback(result); t++) {
      result = greedy.decode(audio, prompt, SAMPLE_LEN, temperatures.get(t), random);
    }
    return result;
  }

  boolean needsFallback(GreedyDecoder.Result result) {
    WhisperTokenizer tok = model.tokenizer();
    if (result.noSpeechProbability() > settings.noSpeechThreshold()) {
      return false; // silence: no point trying harder
    }
    return compressionRatio(tok.decode(result.sampled(tok.eot()))) > settings.compressionRatioThreshold()
        || result.avgLogProbability(tok.eot()) < settings.logProbThreshold();
  }

  /** Whisper's {@code compression_ratio} (see {@link CompressionRatio}). */
  static double compressionRatio(String text) {
    return CompressionRatio.of(text);
  }

  private Transcript transcript(AudioWindow window, String language, GreedyDecoder.Result result) {
    WhisperTokenizer tok = model.tokenizer();
    double avgLogProb = result.avgLogProbability(tok.eot());
    if (result.noSpeechProbability() > settings.noSpeechThreshold() && avgLogProb < settings.logProbThreshold()) {
      return Transcript.empty(language, wordTiming());
    }
    int[] sampled = result.sampled(tok.eot());
    List<Segment> segments = SegmentBuilder.build(tok, sampled, result.tokenLogProbabilities(), window.startMs(),
        window.durationMs(), result.noSpeechProbability(), avgLogProb);
    return new Transcript(segments, language, wordTiming());
  }

  static int[] prompt(WhisperTokenizer tok, String previousText, String language) {
    return prompt(tok, previousText, language, false);
  }

  /**
   * {@code [<|startofprev|> prompt...] <|startoftranscript|> <|lang|> <|transcribe|>} (or
   * {@code <|translate|>}); the prompt keeps its last {@code n_text_ctx / 2 - 1} tokens, as
   * Whisper's {@code _get_initial_tokens}.
   */
  static int[] prompt(WhisperTokenizer tok, String previousText, String language, boolean translate) {
    int[] sot = tok.sotSequence(language, translate);
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

  /**
   * Whisper's {@code detect_language} for the windows that name none (multilingual models only):
   * the likeliest language token after {@code <|startoftranscript|>}, all such windows in one batch.
   */
  private void detectLanguages(float[][] audio, String[] languages, Outcome[] outcomes, List<Integer> todo)
      throws AsrException {
    WhisperTokenizer tok = model.tokenizer();
    if (!tok.isMultilingual()) {
      return;
    }
    List<Integer> unknown = new ArrayList<>();
    for (int k = 0; k < languages.length; k++) {
      if (languages[k] == null && outcomes[todo.get(k)] == null) {
        unknown.add(k);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    float[][] rows = new float[unknown.size()][];
    int[][] prompts = new int[unknown.size()][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = audio[unknown.get(r)];
      prompts[r] = new int[] {tok.sot()};
    }
    try (DecoderBatch batch = new DecoderBatch(model, rows)) {
      float[][] logits = batch.prompt(prompts);
      int first = tok.sot() + 1;
      for (int r = 0; r < rows.length; r++) {
        greedy.makeExact(batch, r, logits[r], first, first + tok.numLanguages()); // _q8x: float32's language
        int best = first;
        for (int t = first; t < first + tok.numLanguages(); t++) {
          if (logits[r][t] > logits[r][best]) {
            best = t;
          }
        }
        languages[unknown.get(r)] = tok.languages().get(best - first);
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
