package io.captiond.api;

import io.captiond.translate.LanguagePair;
import io.captiond.translate.TranslationDirectory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code "translations"} field of a stream ({@code ["es", "ca"]}): languages to translate its captions
 * into. Each must be a language code, at most {@code max} of them, each a pair some translation engine
 * offers from the stream's language; otherwise the refusal lists the pairs available. The directory is asked
 * again before a pair it does not know is refused (an engine may have come up since).
 */
final class TranslationsField {

  static final String FIELD = "translations";

  private final TranslationDirectory directory;
  private final int max;

  TranslationsField(TranslationDirectory directory, int max) {
    this.directory = directory;
    this.max = max;
  }

  /** The languages asked for, checked; a failed future with an {@link IllegalArgumentException} for a 400. */
  Future<List<String>> check(Object value, String streamLanguage) {
    List<String> languages;
    try {
      languages = parse(value);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String source = streamLanguage == null || streamLanguage.isBlank() ? "en" : streamLanguage;
    if (languages.isEmpty() || missing(languages, source).isEmpty()) {
      return Future.succeededFuture(languages);
    }
    Future<?> asked = directory == null ? Future.succeededFuture() : directory.refresh();
    return asked.otherwiseEmpty().compose(v -> {
      List<String> missing = missing(languages, source);
      if (missing.isEmpty()) {
        return Future.succeededFuture(languages);
      }
      List<String> available = directory == null ? List.of() : directory.allPairs();
      return Future.failedFuture(new IllegalArgumentException("no translation engine offers " + String.join(", ",
          missing) + "; pairs available: " + (available.isEmpty() ? "none" : String.join(", ", available))));
    });
  }

  private List<String> missing(List<String> languages, String source) {
    List<String> missing = new ArrayList<>();
    for (String language : languages) {
      if (language.equals(source)) {
        throw new IllegalArgumentException(FIELD + ": '" + language + "' is the stream's own language");
      }
      LanguagePair pair = new LanguagePair(source, language);
      if (directory == null || directory.engineFor(pair).isEmpty()) {
        missing.add(pair.toString());
      }
    }
    return missing;
  }

  private List<String> parse(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(FIELD + " must be a list of language codes, like [\"es\", \"ca\"]");
    }
    if (array.size() > max) {
      throw new IllegalArgumentException(FIELD + ": at most " + max + " languages (translate.max_languages), not "
          + array.size());
    }
    List<String> languages = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String code) || !LanguagePair.CODE.matcher(code).matches()) {
        throw new IllegalArgumentException(FIELD + ": '" + ApiErrors.shown(String.valueOf(item))
            + "' is not a language code like es or ca-valencia");
      }
      if (languages.contains(code)) {
        throw new IllegalArgumentException(FIELD + ": '" + code + "' is asked for twice");
      }
      languages.add(code);
    }
    return languages;
  }
}
