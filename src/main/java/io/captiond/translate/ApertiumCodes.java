package io.captiond.translate;

import java.util.Map;
import java.util.Optional;

/**
 * Language codes between Apertium and captiond's API. Apertium names a language by its ISO 639-3
 * code ({@code eng}, {@code spa}, {@code cat}), some older pairs by ISO 639-1 ({@code es}, {@code pt}),
 * and a variant by a suffix after an underscore ({@code cat_valencia}, {@code eng_US},
 * {@code cat_iec2017}). The API uses ISO 639-1 where the language has one, and writes a variant as a
 * BCP 47 style subtag: {@code cat_valencia} ↔ {@code ca-valencia}, {@code eng_US} ↔ {@code en-US}.
 *
 * <p>A three-letter code with no two-letter equivalent (e.g. {@code ast}, {@code arg}) stays as it
 * is: ISO 639-3 codes are valid language tags too.
 */
public final class ApertiumCodes {

  /** ISO 639-3 → ISO 639-1, for every language with a two-letter code that Apertium has a pair for. */
  private static final Map<String, String> TWO_LETTER = Map.ofEntries(
      Map.entry("afr", "af"), Map.entry("ara", "ar"), Map.entry("bel", "be"), Map.entry("bre", "br"),
      Map.entry("bul", "bg"), Map.entry("cat", "ca"), Map.entry("ces", "cs"), Map.entry("cym", "cy"),
      Map.entry("dan", "da"), Map.entry("deu", "de"), Map.entry("ell", "el"), Map.entry("eng", "en"),
      Map.entry("epo", "eo"), Map.entry("est", "et"), Map.entry("eus", "eu"), Map.entry("fao", "fo"),
      Map.entry("fin", "fi"), Map.entry("fra", "fr"), Map.entry("gle", "ga"), Map.entry("glg", "gl"),
      Map.entry("heb", "he"), Map.entry("hin", "hi"), Map.entry("hrv", "hr"), Map.entry("hun", "hu"),
      Map.entry("ind", "id"), Map.entry("isl", "is"), Map.entry("ita", "it"), Map.entry("kaz", "kk"),
      Map.entry("lav", "lv"), Map.entry("lit", "lt"), Map.entry("mkd", "mk"), Map.entry("mlt", "mt"),
      Map.entry("msa", "ms"), Map.entry("nld", "nl"), Map.entry("nno", "nn"), Map.entry("nob", "nb"),
      Map.entry("oci", "oc"), Map.entry("pol", "pl"), Map.entry("por", "pt"), Map.entry("ron", "ro"),
      Map.entry("rus", "ru"), Map.entry("slk", "sk"), Map.entry("slv", "sl"), Map.entry("sme", "se"),
      Map.entry("spa", "es"), Map.entry("sqi", "sq"), Map.entry("srd", "sc"), Map.entry("swe", "sv"),
      Map.entry("tat", "tt"), Map.entry("tur", "tr"), Map.entry("ukr", "uk"), Map.entry("urd", "ur"),
      Map.entry("zho", "zh"));

  private ApertiumCodes() {}

  /** {@code cat_valencia} → {@code ca-valencia}; {@code eng} → {@code en}; {@code es} → {@code es}. */
  public static String toIso(String apertium) {
    int underscore = apertium.indexOf('_');
    String language = underscore < 0 ? apertium : apertium.substring(0, underscore);
    String base = TWO_LETTER.getOrDefault(language, language);
    return underscore < 0 ? base : base + "-" + apertium.substring(underscore + 1).replace('_', '-');
  }

  /** An Apertium pair name as {@code /listPairs} gives it, in the API's codes. */
  public static Optional<LanguagePair> toPair(String apertiumSource, String apertiumTarget) {
    String source = toIso(apertiumSource);
    String target = toIso(apertiumTarget);
    if (!LanguagePair.CODE.matcher(source).matches() || !LanguagePair.CODE.matcher(target).matches()
        || source.equals(target)) {
      return Optional.empty();
    }
    return Optional.of(new LanguagePair(source, target));
  }
}
