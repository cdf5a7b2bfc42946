package io.captiond.asr.pocketsphinx;

import io.captiond.settings.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How wide pocketsphinx searches (keys {@code pocketsphinx.beam} and the others below): the trade of CPU
 * against accuracy. Each is the pocketsphinx option of the same name; see conf/captiond.yaml.
 *
 * @param beam {@code -beam}: HMMs scoring below the best by more than this factor are pruned
 * @param wordBeam {@code -wbeam}: the same for word exits
 * @param phoneBeam {@code -pbeam}: the same for phone transitions
 * @param lookaheadFrames {@code -pl_window}: frames of phonetic lookahead (0: none); phones the coming
 *     frames rule out are not entered, which prunes the tree search hard
 * @param maxHmmsPerFrame {@code -maxhmmpf}: at most this many HMMs active a frame (-1: no limit)
 * @param maxWordsPerFrame {@code -maxwpf}: at most this many distinct words exit a frame (-1: no limit)
 * @param topGaussians {@code -topn}: Gaussians scored per codebook
 * @param flatPass {@code -fwdflat}: a second, flat-lexicon pass over the words the tree pass found
 * @param bestPath {@code -bestpath}: the final hypothesis from the word lattice's best path
 * @param frameDownsampling {@code -ds}: the acoustic model is scored every this many frames, the frames
 *     between reuse the scores (1: every frame); utterances fed as they arrive only, see {@link #everyFrame}
 */
public record PocketSphinxSearch(double beam, double wordBeam, double phoneBeam, int lookaheadFrames,
    int maxHmmsPerFrame, int maxWordsPerFrame, int topGaussians, boolean flatPass, boolean bestPath,
    int frameDownsampling) {

  public static final String BEAM = "pocketsphinx.beam";
  public static final String WBEAM = "pocketsphinx.wbeam";
  public static final String PBEAM = "pocketsphinx.pbeam";
  public static final String PL_WINDOW = "pocketsphinx.pl_window";
  public static final String MAXHMMPF = "pocketsphinx.maxhmmpf";
  public static final String MAXWPF = "pocketsphinx.maxwpf";
  public static final String TOPN = "pocketsphinx.topn";
  public static final String FWDFLAT = "pocketsphinx.fwdflat";
  public static final String BESTPATH = "pocketsphinx.bestpath";
  public static final String DS = "pocketsphinx.ds";

  public PocketSphinxSearch {
    requireBeam(BEAM, beam);
    requireBeam(WBEAM, wordBeam);
    requireBeam(PBEAM, phoneBeam);
    Check.range(PL_WINDOW, "pl_window", lookaheadFrames, 0, 10);
    Check.require(MAXHMMPF, maxHmmsPerFrame == -1 || maxHmmsPerFrame >= 100,
        "maxhmmpf must be -1 (no limit) or at least 100, got " + maxHmmsPerFrame);
    Check.require(MAXWPF, maxWordsPerFrame == -1 || maxWordsPerFrame >= 1,
        "maxwpf must be -1 (no limit) or at least 1, got " + maxWordsPerFrame);
    Check.range(TOPN, "topn", topGaussians, 1, 16);
    Check.range(DS, "ds", frameDownsampling, 1, 4);
  }

  /**
   * captiond's defaults: pocketsphinx's, with twice its phonetic lookahead, a tenth of its HMMs a frame
   * and the acoustic model scored every second frame. Streaming, offline (PocketSphinxModesBenchmark,
   * 2026-12-01, one JVM, load 3.6-4.0): harness WER 0.372 -> 0.298, jfk 0.273 -> 0.136, engine CPU
   * per stream 13.2% -> 11.0%, jfk 45% -> 21% (on the harness speech through AAC as the server hears
   * it: 0.397 -> 0.355, 12.8% -> 8.4%). Neither alone: -ds 2 gave the WER, the HMM cap (3000) the CPU
   * once the scores were smoother; the cap at 10000 with -ds 2 saved nothing, 2000 cost jfk 2 words.
   */
  public static PocketSphinxSearch defaults() {
    return new PocketSphinxSearch(1e-48, 7e-29, 1e-48, 10, 3_000, -1, 4, true, true, 2);
  }

  /**
   * This search for windows decoded whole, which score every frame: with {@code -ds 2} a window's
   * leading digital silence got a word (PocketSphinxEngineTest), where a fed utterance starts at the
   * VAD's speech start.
   */
  PocketSphinxSearch everyFrame() {
    return new PocketSphinxSearch(beam, wordBeam, phoneBeam, lookaheadFrames, maxHmmsPerFrame, maxWordsPerFrame,
        topGaussians, flatPass, bestPath, 1);
  }

  /** pocketsphinx's own defaults (0.8/5prealpha). */
  public static PocketSphinxSearch pocketsphinxDefaults() {
    return new PocketSphinxSearch(1e-48, 7e-29, 1e-48, 5, 30_000, -1, 4, true, true, 1);
  }

  /**
   * Parses {@code key=value} pairs, comma-separated, over {@link #defaults()}; the keys are the
   * pocketsphinx option names without the dash ({@code beam=1e-40,pl_window=10}). For benchmarks and tests.
   */
  public static PocketSphinxSearch parse(String spec) {
    PocketSphinxSearch s = defaults();
    double beam = s.beam;
    double wordBeam = s.wordBeam;
    double phoneBeam = s.phoneBeam;
    int lookahead = s.lookaheadFrames;
    int maxHmms = s.maxHmmsPerFrame;
    int maxWords = s.maxWordsPerFrame;
    int topN = s.topGaussians;
    boolean flat = s.flatPass;
    boolean best = s.bestPath;
    int downsampling = s.frameDownsampling;
    for (String pair : spec.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
      }
      String v = kv[1].trim();
      switch (kv[0].trim()) {
        case "beam" -> beam = Double.parseDouble(v);
        case "wbeam" -> wordBeam = Double.parseDouble(v);
        case "pbeam" -> phoneBeam = Double.parseDouble(v);
        case "pl_window" -> lookahead = Integer.parseInt(v);
        case "maxhmmpf" -> maxHmms = Integer.parseInt(v);
        case "maxwpf" -> maxWords = Integer.parseInt(v);
        case "topn" -> topN = Integer.parseInt(v);
        case "fwdflat" -> flat = Boolean.parseBoolean(v);
        case "bestpath" -> best = Boolean.parseBoolean(v);
        case "ds" -> downsampling = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown pocketsphinx search option '" + kv[0] + "'");
      }
    }
    return new PocketSphinxSearch(beam, wordBeam, phoneBeam, lookahead, maxHmms, maxWords, topN, flat, best,
        downsampling);
  }

  /** The options as pocketsphinx's command line takes them. */
  List<String> arguments() {
    List<String> args = new ArrayList<>(List.of(
        "-beam", number(beam), "-wbeam", number(wordBeam), "-pbeam", number(phoneBeam),
        "-pl_window", Integer.toString(lookaheadFrames), "-maxhmmpf", Integer.toString(maxHmmsPerFrame),
        "-maxwpf", Integer.toString(maxWordsPerFrame), "-topn", Integer.toString(topGaussians),
        "-fwdflat", flatPass ? "yes" : "no", "-bestpath", bestPath ? "yes" : "no",
        "-ds", Integer.toString(frameDownsampling)));
    return args;
  }

  @Override
  public String toString() {
    return String.join(" ", arguments());
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }

  private static void requireBeam(String key, double value) {
    Check.require(key, value > 0 && value <= 1, key.substring(key.indexOf('.') + 1)
        + " must be in (0, 1] (smaller is wider), got " + value);
  }
}
