package io.captiond.session;

import io.captiond.asr.AsrException;
import io.captiond.asr.StreamingAsrEngine.ResyncException;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.asr.pocketsphinx.PocketSphinxEngine;
import io.captiond.asr.pocketsphinx.PocketSphinxSearch;
import io.captiond.asr.pocketsphinx.PocketSphinxSettings;
import io.captiond.asr.pocketsphinx.SearchWork;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Flite;
import io.captiond.testing.WavFile;
import io.captiond.testing.WordErrorRate;
import io.captiond.vad.SileroVad;
import io.captiond.vad.SpeechDetector;
import io.captiond.vad.SpeechEdge;
import io.captiond.vad.VadSettings;
import io.captiond.vad.VadState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Not a test (the name keeps it out of the default run): both pocketsphinx modes, as the server runs
 * them (Silero VAD, the caption policy, the engine) but as fast as the CPU goes, on the load harness's
 * speech (flite's slt voice, Harvard sentences, 1.2 s pauses, each stream from another sentence) and on
 * jfk. Prints per mode the WER of the confirmed text, the engine's CPU seconds per second of audio, and
 * how long after its end a word was confirmed (audio heard by then; decode time not counted). Seconds,
 * not the minutes of the harness, so that every change to the search or the policy can be measured.
 *
 * <p>Run: {@code mvn -o -B test -Dtest=PocketSphinxModesBenchmark [-Dbench.modes=windowed,streaming]
 * [-Dbench.search='maxhmmpf=3000;pl_window=10,topn=2']
 * (search settings, ';' between runs; none: pocketsphinx's defaults) [-Dbench.streams=2] [-Dbench.seconds=30]
 * [-Dbench.stableMs=600] [-Dbench.endToEndSpeech=true]
 * [-Dbench.chunkFrames=3] [-Dbench.aac=true] [-Dbench.dict=path] [-Dbench.searchWork=true]
 * [-Dbench.turnChunks=0] [-Dbench.minSilenceMs=300] [-Dbench.speechPadMs=200]}; output in
 * target/surefire-reports/*PocketSphinxModesBenchmark-output.txt. {@code bench.dict}: another pronunciation
 * dictionary; {@code bench.searchWork}: also prints the search's own counts per pass (see {@link SearchWork}),
 * which, unlike CPU time, do not move with the machine's load; {@code bench.turnChunks}: the streams take
 * turns, this many chunks each (0: one whole stream after another), as N live streams share the server's
 * ASR threads; {@code bench.minSilenceMs}, {@code bench.speechPadMs}: the VAD's edges (default: captiond's).
 */
class PocketSphinxModesBenchmark {

  /** The harness's own speech: load-tests' Harvard sentences, in their order. */
  private static final List<String> HARVARD = io.captiond.loadtest.Sentences.HARVARD;
  private static final int LEAD_IN_MS = 500;
  private static final int PAUSE_MS = 1_200;
  private static final Path WORK = Path.of("target", "sphinx-bench");
  private static final TranscribeOptions ENGLISH = TranscribeOptions.of("en");

  record Audio(String name, short[] samples, String reference) {}

  record Result(double wer, double cpuSeconds, double audioSeconds, List<Long> lagsMs, String text) {}

  @Test
  void bothModesArePrintedWithTheirWordErrorRateAndCpu() throws Exception {
    int streams = Integer.getInteger("bench.streams", 2);
    int seconds = Integer.getInteger("bench.seconds", 30);
    long stableMs = Long.getLong("bench.stableMs", IncrementalPolicy.DEFAULT_STABLE_MS);
    List<Audio> harness = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      harness.add(script(s * HARVARD.size() / streams, seconds));
    }
    if (Boolean.getBoolean("bench.endToEndSpeech")) {
      harness.clear();
      harness.add(endToEndSpeech());
    }
    if (Boolean.getBoolean("bench.aac")) {
      harness.replaceAll(PocketSphinxModesBenchmark::throughAac);
    }
    Audio jfk = new Audio("jfk", WavFile.read16kMono(Fixtures.jfkWav()), Fixtures.jfkReference());
    try (SileroVad vad = SileroVad.load(VadSettings.defaults(Fixtures.sileroVad()))) {
      for (String spec : System.getProperty("bench.search", "").split(";", -1)) {
        PocketSphinxSearch search = PocketSphinxSearch.parse(spec);
        for (String mode : System.getProperty("bench.modes", "windowed,streaming").split(",")) {
          PocketSphinxSettings settings = dictionary(PocketSphinxSettings.defaults().withSearch(search));
          Path searchLog = WORK.resolve("pocketsphinx-" + mode + ".log");
          if (Boolean.getBoolean("bench.searchWork")) {
            Files.createDirectories(WORK);
            Files.deleteIfExists(searchLog);
            SearchWork.logTo(searchLog);
          }
          try (PocketSphinxEngine engine = new PocketSphinxEngine(settings)) {
            List<Result> results = runAll(vad, engine, mode, stableMs, harness);
            Result jfkResult = runAll(vad, engine, mode, stableMs, List.of(jfk)).get(0);
            report(mode, search, stableMs, harness, results, jfkResult);
          }
          if (Boolean.getBoolean("bench.searchWork")) {
            SearchWork.stop();
            System.out.printf(Locale.ROOT, "BENCH-WORK mode=%s search=[%s]: %s%n", mode, search,
                SearchWork.format(SearchWork.read(searchLog)));
          }
        }
      }
    }
  }

  /** The VAD's edges: captiond's defaults, or {@code bench.minSilenceMs} / {@code bench.speechPadMs}. */
  private static VadSettings speechEdges() {
    VadSettings d = VadSettings.defaults(Fixtures.sileroVad());
    return new VadSettings(d.model(), d.threshold(), Integer.getInteger("bench.minSilenceMs", d.minSilenceMs()),
        d.minSpeechMs(), Integer.getInteger("bench.speechPadMs", d.speechPadMs()), d.threads());
  }

  /** {@code bench.dict}: another pronunciation dictionary (e.g. one trimmed to the LM's likeliest words). */
  private static PocketSphinxSettings dictionary(PocketSphinxSettings settings) {
    String dict = System.getProperty("bench.dict", "");
    return dict.isBlank() ? settings : settings.withDictionary(Path.of(dict));
  }

  private static CaptionPolicy policy(String mode, String stream, long stableMs) {
    if (mode.equals("windowed")) {
      return new StreamingPolicy(StreamingPolicy.Config.defaults(), 0);
    }
    IncrementalPolicy.Config d = IncrementalPolicy.Config.defaults();
    IncrementalPolicy.Config config = new IncrementalPolicy.Config(d.stepMs(), d.maxUtteranceMs(), d.minSpeechMs(),
        d.idleKeepMs(), d.seamMs(), stableMs, d.guard());
    return new IncrementalPolicy(config, stream, 1, 0);
  }

  /** Every stream through the VAD, the policy and the engine, one after another or taking turns. */
  private static List<Result> runAll(SileroVad vad, PocketSphinxEngine engine, String mode, long stableMs,
      List<Audio> audios) throws Exception {
    // 0: one after another, each decoder alone, its memory warm; else as the server's ASR threads see N live
    // streams, a few chunks of each in turn
    int turnChunks = Integer.getInteger("bench.turnChunks", 0);
    int turn = turnChunks <= 0 ? Integer.MAX_VALUE : turnChunks;
    List<StreamRun> runs = new ArrayList<>();
    for (Audio audio : audios) {
      runs.add(new StreamRun(vad, engine, policy(mode, audio.name(), stableMs), audio));
    }
    List<Result> results = new ArrayList<>();
    try {
      boolean any = true;
      while (any) {
        any = false;
        for (StreamRun run : runs) {
          for (int i = 0; i < turn && run.step(); i++) {
            any = true;
          }
        }
      }
      for (StreamRun run : runs) {
        results.add(run.finish());
      }
    } finally {
      for (StreamRun run : runs) {
        run.close();
      }
    }
    return results;
  }

  /** One stream through the VAD, the policy and the engine, a chunk at a time; its jobs decoded at once, in order. */
  private static final class StreamRun implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final SileroVad vad;
    private final PocketSphinxEngine engine;
    private final CaptionPolicy policy;
    private final Audio audio;
    private final SpeechDetector detector = new SpeechDetector(speechEdges());
    private final VadState state;
    private final List<String> confirmed = new ArrayList<>();
    private final List<Long> lags = new ArrayList<>();
    private static final int FRAME = VadSettings.FRAME_SAMPLES;
    // Audio reaches the policy in chunks, each before its speech edges, as in the server, whose ingest chunks
    // are ~100 ms (3 VAD frames). The streaming decode is sensitive to where pieces start (its first piece sets
    // the utterance's cepstral mean): 1-frame chunks gave harness WER 0.355, 3-frame 0.397.
    private final int chunkFrames = Integer.getInteger("bench.chunkFrames", 3);
    private long cpuNs;
    private int at;

    StreamRun(SileroVad vad, PocketSphinxEngine engine, CaptionPolicy policy, Audio audio) throws Exception {
      this.vad = vad;
      this.engine = engine;
      this.policy = policy;
      this.audio = audio;
      this.state = vad.newState();
    }

    /** The next chunk; false when none is left. */
    boolean step() throws Exception {
      if (at + FRAME * chunkFrames > audio.samples().length) {
        return false;
      }
      short[] chunk = Arrays.copyOfRange(audio.samples(), at, at + FRAME * chunkFrames);
      List<SpeechEdge> edges = new ArrayList<>();
      for (int f = 0; f < chunkFrames; f++) {
        float p = vad.speechProbability(state, Arrays.copyOfRange(chunk, f * FRAME, (f + 1) * FRAME));
        edges.addAll(detector.accept(at + (long) f * FRAME, p));
      }
      List<DecodeJob> jobs = new ArrayList<>(policy.onAudio(chunk));
      for (SpeechEdge edge : edges) {
        jobs.addAll(edge.kind() == SpeechEdge.Kind.START ? policy.onSpeechStart(edge.sample())
            : policy.onSpeechEnd(edge.sample()));
      }
      at += FRAME * chunkFrames;
      long began = THREADS.getCurrentThreadCpuTime();
      decode(engine, policy, jobs, confirmed, lags, at / 16);
      cpuNs += THREADS.getCurrentThreadCpuTime() - began;
      return true;
    }

    Result finish() throws Exception {
      long began = THREADS.getCurrentThreadCpuTime();
      decode(engine, policy, policy.onEndOfStream(), confirmed, lags, audio.samples().length / 16);
      cpuNs += THREADS.getCurrentThreadCpuTime() - began;
      String text = String.join(" ", confirmed);
      return new Result(WordErrorRate.of(audio.reference(), text), cpuNs / 1e9, audio.samples().length / 16_000.0,
          lags, text);
    }

    @Override
    public void close() {
      state.close();
    }
  }

  private static void decode(PocketSphinxEngine engine, CaptionPolicy policy, List<DecodeJob> jobs,
      List<String> confirmed, List<Long> lags, long heardMs) throws AsrException {
    for (DecodeJob job : jobs) {
      Transcript transcript;
      try {
        transcript = job.feed() == null ? engine.transcribe(job.window(), ENGLISH)
            : engine.feed(job.feed(), job.window(), ENGLISH);
      } catch (ResyncException e) {
        DecodeJob again = policy.onResync(job).orElseThrow();
        transcript = engine.feed(again.feed(), again.window(), ENGLISH);
      }
      for (CaptionUpdate update : policy.onTranscript(job, transcript)) {
        if (update.confirmed() && !update.text().isBlank()) {
          confirmed.add(update.text());
          lags.add(heardMs - update.endMs());
        }
      }
    }
  }

  private static void report(String mode, PocketSphinxSearch search, long stableMs, List<Audio> harness,
      List<Result> results, Result jfk) {
    double errors = 0;
    double words = 0;
    double cpu = 0;
    double audio = 0;
    List<Long> lags = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      int refWords = WordErrorRate.normalize(harness.get(i).reference()).size();
      errors += r.wer() * refWords;
      words += refWords;
      cpu += r.cpuSeconds();
      audio += r.audioSeconds();
      lags.addAll(r.lagsMs());
      System.out.printf(Locale.ROOT, "  %s %s: WER %.3f: %s%n", mode, harness.get(i).name(), r.wer(), r.text());
    }
    System.out.printf(Locale.ROOT, "  %s jfk: WER %.3f: %s%n", mode, jfk.wer(), jfk.text());
    lags.sort(null);
    System.out.printf(Locale.ROOT, "BENCH mode=%s search=[%s] stableMs=%d: harness WER %.3f, CPU %.1f%% of a core per"
        + " stream (%.1f s over %.0f s), confirmed after word end p50 %d ms p95 %d ms; jfk WER %.3f CPU %.1f%%;"
        + " load %.2f%n", mode, search, stableMs, errors / words, 100 * cpu / audio, cpu, audio, percentile(lags, 50),
        percentile(lags, 95), jfk.wer(), 100 * jfk.cpuSeconds() / jfk.audioSeconds(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  /** As load-tests' Speech.script: a lead-in, then the sentences from {@code first} on with pauses. */
  private static Audio script(int first, int seconds) throws Exception {
    Files.createDirectories(WORK);
    long limit = seconds * 16_000L;
    List<short[]> parts = new ArrayList<>();
    List<String> said = new ArrayList<>();
    long length = LEAD_IN_MS * 16L;
    parts.add(new short[LEAD_IN_MS * 16]);
    for (int i = 0; i < HARVARD.size(); i++) {
      int index = (first + i) % HARVARD.size();
      short[] spoken = sentence(index);
      if (length + spoken.length > limit) {
        break;
      }
      parts.add(spoken);
      said.add(HARVARD.get(index));
      length += spoken.length;
    }
    parts.add(new short[(int) Math.max(0, limit - length)]);
    short[] all = new short[(int) Math.max(limit, length)];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return new Audio("harness-" + first, all, String.join(" ", said));
  }

  /** The speech of PocketSphinxModesEndToEndTest (no lead-in, "It's"), to compare the server's path with this one. */
  private static Audio endToEndSpeech() throws Exception {
    List<String> sentences = List.of("The birch canoe slid on the smooth planks.", "Glue the sheet to the dark blue background.",
        "It's easy to tell the depth of a well.", "These days a chicken leg is a rare dish.",
        "Rice is often served in round bowls.", "The juice of lemons makes fine punch.");
    Files.createDirectories(WORK);
    Path wav = Flite.speak(sentences, PAUSE_MS, WORK.resolve("end-to-end.wav"));
    return new Audio("end-to-end", WavFile.read16kMono(wav), String.join(" ", sentences));
  }

  /**
   * The speech as the server hears it from the harness's publishers: AAC at 64 kb/s, decoded again. Its
   * pauses are no longer digital silence, and the search is wider on it.
   */
  private static Audio throughAac(Audio audio) {
    try {
      Path raw = WORK.resolve(audio.name() + ".s16");
      Path back = WORK.resolve(audio.name() + ".aac.s16");
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(audio.samples().length * 2)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      bytes.asShortBuffer().put(audio.samples());
      Files.write(raw, bytes.array());
      String pcm = "-f s16le -ar 16000 -ac 1 ";
      Process p = new ProcessBuilder("sh", "-c", "ffmpeg -loglevel error -y " + pcm + "-i " + raw
          + " -c:a aac -b:a 64k -f adts - | ffmpeg -loglevel error -y -f aac -i - " + pcm + back).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("ffmpeg failed on " + raw);
      }
      java.nio.ShortBuffer decoded = java.nio.ByteBuffer.wrap(Files.readAllBytes(back))
          .order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer();
      short[] samples = new short[Math.min(decoded.remaining(), audio.samples().length)];
      decoded.get(samples);
      return new Audio(audio.name() + "-aac", samples, audio.reference());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sentence {@code index} spoken by flite, its pause after it; kept in target/ across runs. */
  private static short[] sentence(int index) throws Exception {
    Path wav = WORK.resolve("sentence-" + index + ".wav");
    if (!Files.isRegularFile(wav)) {
      Flite.speak(List.of(HARVARD.get(index)), PAUSE_MS, wav);
    }
    return WavFile.read16kMono(wav);
  }
}
