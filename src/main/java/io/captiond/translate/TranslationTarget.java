package io.captiond.translate;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * One language a stream's captions are translated into, and the engine the stream chose for it ({@code null}:
 * the first engine that offers the pair). A stream keeps its targets as {@link #spec()} strings: {@code es}, or
 * {@code en:whisper} when an engine was chosen; the API shows them as {@code "es"} and
 * {@code {"lang": "en", "engine": "whisper"}}.
 */
public record TranslationTarget(String language, String engine) {

  /** The engine that re-hears a unit's audio with Whisper's translate task ({@link WhisperTranslator}). */
  public static final String WHISPER = "whisper";
  /** An engine name as streams may choose it. */
  public static final Pattern ENGINE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  public TranslationTarget {
    if (language == null || !LanguagePair.CODE.matcher(language).matches()) {
      throw new IllegalArgumentException("'" + language + "' is not a language code like es or ca-valencia");
    }
    if (engine != null && !ENGINE.matcher(engine).matches()) {
      throw new IllegalArgumentException("'" + engine + "' is not an engine name like apertium or whisper");
    }
  }

  /** Parses what {@link #spec()} writes. */
  public static TranslationTarget parse(String spec) {
    int colon = spec.indexOf(':');
    return colon < 0 ? new TranslationTarget(spec, null)
        : new TranslationTarget(spec.substring(0, colon), spec.substring(colon + 1));
  }

  /** {@code es}, or {@code en:whisper}. */
  public String spec() {
    return engine == null ? language : language + ":" + engine;
  }

  /** Whether the stream chose Whisper's translate task for this language. */
  public boolean whisper() {
    return WHISPER.equals(engine);
  }

  /** As the API shows it: the language alone, or an object naming the engine. */
  public Object toApi() {
    return engine == null ? language : new JsonObject().put("lang", language).put("engine", engine);
  }
}
