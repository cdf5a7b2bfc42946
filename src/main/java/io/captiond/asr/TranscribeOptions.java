package io.captiond.asr;

/**
 * How to transcribe a window.
 *
 * @param language ISO 639-1 code such as {@code en}, or {@code null} to let the engine detect it
 * @param prompt confirmed text that precedes the window, to condition the decode; may be empty
 */
public record TranscribeOptions(String language, String prompt) {

  public TranscribeOptions {
    prompt = prompt == null ? "" : prompt;
  }

  public static TranscribeOptions of(String language) {
    return new TranscribeOptions(language, "");
  }
}
