package io.captiond.asr;

import java.util.List;
import java.util.Locale;

/**
 * The languages an engine can transcribe, and whether it can detect which one is spoken: the one
 * place a stream's language is decided, at its creation.
 *
 * @param codes ISO 639-1 codes (Whisper's table names a few with other codes, e.g. {@code haw}), in
 *     the engine's order; empty: the engine takes any code it is given (test engines)
 * @param detects whether a window without a language has it detected
 */
public record LanguageSupport(List<String> codes, boolean detects) {

  /** What a client sends (or leaves out) to ask for detection. */
  public static final String AUTO = "auto";
  /** An engine that accepts whatever it is given and detects nothing. */
  public static final LanguageSupport ANY = new LanguageSupport(List.of(), false);

  public LanguageSupport {
    codes = List.copyOf(codes);
  }

  /** One language, no detection (a model trained on one language). */
  public static LanguageSupport only(String code) {
    return new LanguageSupport(List.of(code), false);
  }

  /**
   * The language a stream on this engine uses: the requested code if the engine has it; for
   * {@code null} or {@code "auto"}, {@code null} (detect) where the engine can, else its one language.
   *
   * @throws IllegalArgumentException naming the supported codes
   */
  public String resolve(String requested) {
    if (requested == null || requested.equalsIgnoreCase(AUTO)) {
      if (detects || codes.isEmpty()) {
        return null;
      }
      if (codes.size() == 1) {
        return codes.get(0);
      }
      throw new IllegalArgumentException("this engine cannot detect the language: name one of " + codes);
    }
    String code = requested.strip().toLowerCase(Locale.ROOT);
    if (!codes.isEmpty() && !codes.contains(code)) {
      throw new IllegalArgumentException("language '" + requested + "' is not supported by this engine; supported: "
          + codes + (detects ? " or auto (detect)" : ""));
    }
    return code;
  }
}
