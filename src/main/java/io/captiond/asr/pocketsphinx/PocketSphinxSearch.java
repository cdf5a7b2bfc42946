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
 */
public record PocketSphinxSearch(double beam, double wordBeam, double phoneBeam, int lookaheadFrames,
    int maxHmmsPerFrame, int maxWordsPerFrame, int topGaussians, boolean flatPass, boolean bestPath) {

  public static final String BEAM = "pocketsphinx.beam";
  public static final String WBEAM = "pocketsphinx.wbeam";
  public static final String PBEAM = "pocketsphinx.pbeam";
  public static final String PL_WINDOW = "pocketsphinx.pl_window";
  public static final String MAXHMMPF = "pocketsphinx.maxhmmpf";
  public static final String MAXWPF = "pocketsphinx.maxwpf";
  public static final String TOPN = "pocketsphinx.topn";
  public static final String FWDFLAT = "pocketsphinx.fwdflat";
  public static final String BESTPATH = "pocketsphinx.bestpath";

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
  }

  /**
   * captiond's defaults: pocketsphinx's, with twice its phonetic lookahead and a third of its HMMs a frame.
   * On the load harness's speech and jfk, offline (PocketSphinxModesBenchmark, 2026-12-01): the same WER
   * windowed (0.339, jfk 0.227), streaming 0.364 -> 0.355 (jfk 0.182 both); the HMM cap bounds the
   * search where the speech is long or unclear (jfk streaming 34.5% -> 25.4% of a core in one run).
   */
  public static PocketSphinxSearch defaults() {
    return new PocketSphinxSearch(1e-48, 7e-29, 1e-48, 10, 10_000, -1, 4, true, true);
  }

  /** pocketsphinx's own defaults (0.8/5prealpha). */
  public static PocketSphinxSearch pocketsphinxDefaults() {
    return new PocketSphinxSearch(1e-48, 7e-29, 1e-48, 5, 30_000, -1, 4, true, true);
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
        default -> throw new IllegalArgumentException("unknown pocketsphinx search option '" + kv[0] + "'");
      }
    }
    return new PocketSphinxSearch(beam, wordBeam, phoneBeam, lookahead, maxHmms, maxWords, topN, flat, best);
  }

  /** The options as pocketsphinx's command line takes them. */
  List<String> arguments() {
    List<String> args = new ArrayList<>(List.of(
        "-beam", number(beam), "-wbeam", number(wordBeam), "-pbeam", number(phoneBeam),
        "-pl_window", Integer.toString(lookaheadFrames), "-maxhmmpf", Integer.toString(maxHmmsPerFrame),
        "-maxwpf", Integer.toString(maxWordsPerFrame), "-topn", Integer.toString(topGaussians),
        "-fwdflat", flatPass ? "yes" : "no", "-bestpath", bestPath ? "yes" : "no"));
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
