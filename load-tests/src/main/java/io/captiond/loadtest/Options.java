package io.captiond.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness's command line, parsed once and checked: every bad option stops the run with a
 * message naming it ({@link UsageException}).
 */
public record Options(List<Integer> streams, int seconds, int viewers, long maxP95Ms, Path out, Source source,
    String engine, Mode mode, Launch launch, Path jar, String url, String token, long pid, boolean video,
    int search, int drainSeconds, int deadlineMinutes, int pauseMs, Map<String, String> serverEnv, Path vadModel,
    Path work, String note, List<String> translations, String apertiumUrl) {

  /** How the audio reaches the server. AUTO: RTMP when the server accepts it, else pull. */
  public enum Source { RTMP, PULL, AUTO }

  /** ASR: the full pipeline. INGEST: VAD gates everything, so only ingest, decode and VAD run. */
  public enum Mode { ASR, INGEST }

  /** Which server: one the harness starts (from the jar or this JVM's class path) or one at --url. */
  public enum Launch { JAR, CLASSPATH, URL }

  /** A bad command line. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  public static final String USAGE = """
      usage: load-tests/run.sh [options]
        --streams LIST       stream counts to sweep, comma-separated (default 1,5,10,20)
        --seconds S          speech per stream and step, in seconds (default 60, at least 10)
        --viewers M          WebSocket viewers per stream (default 2)
        --max-p95-ms MS      bound on confirmed-caption lag p95 that defines the largest N (default 2500)
        --search K           extra steps bisecting between the last N under the bound and the first over it (default 2)
        --source rtmp|pull|auto
                             rtmp: ffmpeg publishers (default); pull: the server reads the WAV itself,
                             paced in real time; auto: rtmp if the server accepts it, else pull
        --video              RTMP publishers also send a 320x240 15 fps x264 test picture
        --engine NAME        ASR engine named on each stream (default pocketsphinx)
        --mode asr|ingest    ingest: VAD gates everything (no ASR) to measure ingest, decode and VAD alone
        --launch jar|classpath
                             start the server from --jar or this JVM's class path (default jar)
        --jar PATH           the server jar (default target/captiond.jar)
        --url URL --token T  drive a running server instead (then --pid PID lets the harness read its CPU/RSS)
        --server-env K=V     extra environment for a launched server, e.g. CAPTIOND_ASR_CONCURRENCY=2 (repeatable)
        --vad-model PATH     VAD model for a launched server (default models/silero_vad_v5.onnx,
                             from models/fetch-models.sh silero-vad)
        --pause-ms MS        silence after each sentence (default 1200)
        --drain-s S          how long to wait for the last captions after the audio ends (default 20)
        --deadline-min MIN   the whole run ends, failing, after this long (default: from the steps)
        --out DIR            report folder (default load-tests/results/<date>-<engine>-<source>)
        --work DIR           speech and server data (default load-tests/work)
        --note TEXT          a note for the top of the report (e.g. which server build ran)
        --translations LIST  translate every stream's captions into these languages, comma-separated (e.g. es,ca):
                             translated viewers measure translation lag (source final -> translated final)
        --apertium-url URL   the APy a launched server translates with (default: the harness starts
                             apertium-apy on a free port for the run)
      exit status: 0 figures written; 1 the run failed (message on stderr); 2 bad options""";

  public static Options parse(String... args) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> serverEnv = new LinkedHashMap<>();
    boolean video = false;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--video")) {
        video = true;
        continue;
      }
      if (!name.startsWith("--") || !KNOWN.contains(name.substring(2))) {
        throw new UsageException("unknown option " + name);
      }
      if (i + 1 >= args.length) {
        throw new UsageException(name + " needs a value");
      }
      String value = args[++i];
      if (name.equals("--server-env")) {
        int eq = value.indexOf('=');
        if (eq <= 0 || !value.startsWith("CAPTIOND_")) {
          throw new UsageException("--server-env wants CAPTIOND_KEY=VALUE, got " + value);
        }
        serverEnv.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        values.put(name.substring(2), value);
      }
    }
    List<Integer> streams = counts(values.getOrDefault("streams", "1,5,10,20"));
    int seconds = integer(values, "seconds", 60, 10, 3600);
    String engine = values.getOrDefault("engine", "pocketsphinx");
    Source source = choice(Source.class, values, "source", Source.RTMP);
    String url = values.get("url");
    Launch launch = url != null ? Launch.URL : choice(Launch.class, values, "launch", Launch.JAR);
    if (url != null && values.containsKey("launch")) {
      throw new UsageException("--url and --launch exclude each other");
    }
    if (url != null && !url.matches("https?://[^/]+/?")) {
      throw new UsageException("--url wants http://host:port, got " + url);
    }
    String token = values.get("token");
    if (url != null && token == null) {
      throw new UsageException("--url needs --token (the server's API token)");
    }
    Mode mode = choice(Mode.class, values, "mode", Mode.ASR);
    int drain = integer(values, "drain-s", 20, 1, 600);
    int search = integer(values, "search", 2, 0, 10);
    int defaultDeadline = (int) Math.ceil((streams.size() + search) * (seconds + drain + 60) / 60.0) + 5;
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    Path out = Path.of(values.getOrDefault("out", "load-tests/results/" + date + "-" + engine + "-"
        + source.name().toLowerCase(Locale.ROOT)));
    return new Options(streams, seconds, integer(values, "viewers", 2, 1, 100),
        integer(values, "max-p95-ms", 2500, 1, 600_000), out, source, engine, mode, launch,
        Path.of(values.getOrDefault("jar", "target/captiond.jar")), url == null ? null : url.replaceAll("/$", ""),
        token, integer(values, "pid", -1, -1, Integer.MAX_VALUE), video, search, drain,
        integer(values, "deadline-min", defaultDeadline, 1, 24 * 60), integer(values, "pause-ms", 1200, 600, 10_000),
        Map.copyOf(serverEnv), vadModel(values.get("vad-model")),
        Path.of(values.getOrDefault("work", "load-tests/work")), values.get("note"),
        translations(values.get("translations")), values.get("apertium-url"));
  }

  private static final List<String> KNOWN = List.of("streams", "seconds", "viewers", "max-p95-ms", "search",
      "source", "engine", "mode", "launch", "jar", "url", "token", "pid", "server-env", "vad-model", "pause-ms",
      "drain-s", "deadline-min", "out", "work", "note", "translations", "apertium-url");

  private static List<String> translations(String text) throws UsageException {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<String> languages = new ArrayList<>();
    for (String language : text.split(",")) {
      if (!language.strip().matches("[a-z]{2,3}(-[A-Za-z0-9]{1,12})*")) {
        throw new UsageException("--translations wants language codes like es,ca, got " + text);
      }
      languages.add(language.strip());
    }
    return List.copyOf(languages);
  }

  private static List<Integer> counts(String text) throws UsageException {
    List<Integer> counts = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n < 1 || n > 500) {
          throw new UsageException("--streams: each count must be 1..500, got " + n);
        }
        if (!counts.isEmpty() && n <= counts.get(counts.size() - 1)) {
          throw new UsageException("--streams must increase, got " + text);
        }
        counts.add(n);
      } catch (NumberFormatException e) {
        throw new UsageException("--streams wants numbers like 1,5,10, got " + text);
      }
    }
    return List.copyOf(counts);
  }

  private static int integer(Map<String, String> values, String key, int fallback, int min, int max)
      throws UsageException {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value < min || value > max) {
        throw new UsageException("--" + key + " must be " + min + ".." + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + key + " wants a whole number, got " + text);
    }
  }

  private static <E extends Enum<E>> E choice(Class<E> type, Map<String, String> values, String key, E fallback)
      throws UsageException {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
          .toLowerCase(Locale.ROOT) + ", got " + text);
    }
  }

  private static Path vadModel(String given) {
    if (given != null) {
      return Path.of(given);
    }
    return Path.of("models", "silero_vad_v5.onnx");
  }
}
