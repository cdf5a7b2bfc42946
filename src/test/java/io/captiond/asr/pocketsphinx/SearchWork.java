package io.captiond.asr.pocketsphinx;

import com.sun.jna.NativeLibrary;
import io.captiond.asr.AsrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For benchmarks: how much work pocketsphinx's search did, from its own log. The counts (senones scored,
 * HMM channels searched, per pass) do not move with the machine's load as CPU time does (±50% on the
 * shared 2-core machine between identical runs), so candidates can be compared on a busy machine.
 * The per-pass CPU seconds ({@code TOTAL fwdtree 7.47 CPU}) come when a decoder is freed.
 */
public final class SearchWork {

  private static final Pattern COUNT = Pattern.compile(
      "(ngram_search_fwdtree|ngram_search_fwdflat)\\.c\\(\\d+\\):\\s+(\\d+) (senones evaluated|channels searched)");
  private static final Pattern CPU = Pattern.compile("TOTAL (fwdtree|fwdflat|bestpath) ([0-9.]+) CPU");

  private SearchWork() {}

  /**
   * pocketsphinx's process-wide log, switched off when the libraries load, goes to {@code file} from now
   * on (appended); the file it went to before is closed.
   */
  public static void logTo(Path file) throws AsrException {
    SphinxNatives.load();
    NativeLibrary.getInstance(SphinxBaseLibrary.SONAME).getFunction("err_set_logfile")
        .invokeInt(new Object[] {file.toAbsolutePath().toString()});
  }

  /** Closes the log file (flushing it): pocketsphinx's log goes to /dev/null from now on. */
  public static void stop() throws AsrException {
    logTo(Path.of("/dev/null"));
  }

  /** Sums of the log's per-utterance counts and per-decoder CPU seconds, e.g. {@code fwdtree senones}. */
  public static Map<String, Double> read(Path log) throws IOException {
    Map<String, Double> totals = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      Matcher count = COUNT.matcher(line);
      if (count.find()) {
        String pass = count.group(1).substring("ngram_search_".length());
        totals.merge(pass + " " + count.group(3).split(" ")[0], Double.parseDouble(count.group(2)), Double::sum);
      }
      Matcher cpu = CPU.matcher(line);
      if (cpu.find()) {
        totals.merge(cpu.group(1) + " cpu_s", Double.parseDouble(cpu.group(2)), Double::sum);
      }
    }
    return totals;
  }

  /** {@code key=value} pairs, counts in millions. */
  public static String format(Map<String, Double> totals) {
    StringBuilder out = new StringBuilder();
    totals.forEach((key, value) -> out.append(out.length() == 0 ? "" : ", ").append(key.replace(' ', '_'))
        .append('=').append(key.endsWith("cpu_s") ? String.format(Locale.ROOT, "%.2f", value)
            : String.format(Locale.ROOT, "%.2fM", value / 1e6)));
    return out.toString();
  }
}
