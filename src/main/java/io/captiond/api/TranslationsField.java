package io.captiond.api;

import io.captiond.asr.WorkerDirectory;
import io.captiond.translate.LanguagePair;
import io.captiond.translate.TranslationDirectory;
import io.captiond.translate.TranslationTarget;
import io.captiond.translate.WhisperWorkers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code "translations"} field of a stream: languages to translate its captions into, each a code
 * ({@code "es"}: the first engine that offers the pair) or an object choosing the engine
 * ({@code {"lang": "en", "engine": "whisper"}}). At most {@code max} of them; each a pair some translation engine
 * (the chosen one, if any) offers from the stream's language, otherwise the refusal lists the pairs available.
 * The directory is asked again before a pair it does not know is refused (an engine may have come up since).
 *
 * <p>The {@code whisper} engine is Whisper's own translate task: into {@code en} only, from a stream whose
 * language is set and is not {@code en}, and only while some ASR worker has a Whisper engine loaded.
 */
final class TranslationsField {

  static final String FIELD = "translations";

  private final TranslationDirectory directory;
  private final WorkerDirectory asrWorkers;
  private final int max;

  TranslationsField(TranslationDirectory directory, WorkerDirectory asrWorkers, int max) {
    this.directory = directory;
    this.asrWorkers = asrWorkers;
    this.max = max;
  }

  /**
   * The targets asked for, checked, as {@link TranslationTarget#spec()}s; a failed future with an
   * {@link IllegalArgumentException} for a 400.
   */
  Future<List<String>> check(Object value, String streamLanguage) {
    List<TranslationTarget> targets;
    String source = streamLanguage == null || streamLanguage.isBlank() ? "en" : streamLanguage;
    try {
      targets = parse(value);
      for (TranslationTarget target : targets) {
        if (target.whisper()) {
          checkWhisper(target, streamLanguage);
        }
        if (target.language().equals(source)) {
          throw new IllegalArgumentException(FIELD + ": '" + target.language() + "' is the stream's own language");
        }
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    List<String> specs = targets.stream().map(TranslationTarget::spec).toList();
    if (missing(targets, source).isEmpty()) {
      return Future.succeededFuture(specs);
    }
    Future<?> asked = directory == null ? Future.succeededFuture() : directory.refresh();
    return asked.otherwiseEmpty().compose(v -> {
      List<String> missing = missing(targets, source);
      if (missing.isEmpty()) {
        return Future.succeededFuture(specs);
      }
      List<String> available = directory == null ? List.of() : directory.allPairs();
      return Future.failedFuture(new IllegalArgumentException("no translation engine offers " + String.join(", ",
          missing) + "; pairs available: " + (available.isEmpty() ? "none" : String.join(", ", available))));
    });
  }

  private void checkWhisper(TranslationTarget target, String streamLanguage) {
    if (!target.language().equals("en")) {
      throw new IllegalArgumentException(FIELD + ": the whisper engine translates into en only, not '"
          + target.language() + "'");
    }
    if (streamLanguage == null || streamLanguage.isBlank() || streamLanguage.equals("en")) {
      throw new IllegalArgumentException(FIELD + ": the whisper engine translates a source in another language"
          + " into en; this stream's language is " + (streamLanguage == null || streamLanguage.isBlank()
          ? "detected (set \"language\" to the source's)" : "already en"));
    }
    if (asrWorkers == null || new WhisperWorkers(asrWorkers, null).engine().isEmpty()) {
      throw new IllegalArgumentException(FIELD + ": the whisper engine needs an ASR worker with a Whisper model"
          + " loaded; none is (engines served: " + (asrWorkers == null ? Set.of() : asrWorkers.served()) + ")");
    }
  }

  /** The pairs of text engines that nobody (or not the chosen engine) offers now. */
  private List<String> missing(List<TranslationTarget> targets, String source) {
    List<String> missing = new ArrayList<>();
    for (TranslationTarget target : targets) {
      if (target.whisper()) {
        continue;
      }
      LanguagePair pair = new LanguagePair(source, target.language());
      boolean offered = directory != null && (target.engine() == null ? directory.engineFor(pair).isPresent()
          : directory.pairs().getOrDefault(target.engine(), Set.of()).contains(pair));
      if (!offered) {
        missing.add(target.engine() == null ? pair.toString() : pair + " by " + target.engine());
      }
    }
    return missing;
  }

  private List<TranslationTarget> parse(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(FIELD + " must be a list of language codes, like [\"es\", \"ca\"], or"
          + " of {\"lang\": \"en\", \"engine\": \"whisper\"}");
    }
    if (array.size() > max) {
      throw new IllegalArgumentException(FIELD + ": at most " + max + " languages (translate.max_languages), not "
          + array.size());
    }
    List<TranslationTarget> targets = new ArrayList<>();
    for (Object item : array) {
      TranslationTarget target = target(item);
      if (targets.stream().anyMatch(t -> t.language().equals(target.language()))) {
        throw new IllegalArgumentException(FIELD + ": '" + target.language() + "' is asked for twice");
      }
      targets.add(target);
    }
    return targets;
  }

  private static TranslationTarget target(Object item) {
    Object language = item instanceof JsonObject object ? object.getValue("lang") : item;
    Object engine = item instanceof JsonObject object ? object.getValue("engine") : null;
    if (!(language instanceof String code) || !LanguagePair.CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(FIELD + ": '" + ApiErrors.shown(String.valueOf(language))
          + "' is not a language code like es or ca-valencia");
    }
    if (engine != null && (!(engine instanceof String name) || !TranslationTarget.ENGINE.matcher(name).matches())) {
      throw new IllegalArgumentException(FIELD + ": '" + ApiErrors.shown(String.valueOf(engine))
          + "' is not an engine name like apertium or whisper");
    }
    return new TranslationTarget(code, (String) engine);
  }

  /** The stream's targets as the API shows them: {@code "es"}, or {@code {"lang": "en", "engine": "whisper"}}. */
  static JsonArray shown(List<String> specs) {
    return new JsonArray(specs.stream().map(spec -> TranslationTarget.parse(spec).toApi()).toList());
  }
}
