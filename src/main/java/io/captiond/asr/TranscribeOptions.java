package io.captiond.asr;

/**
 * How to transcribe a window.
 *
 * @param language ISO 639-1 code such as {@code en}, or {@code null} to let the engine detect it
 * @param prompt confirmed text that precedes the window, to condition the decode; may be empty
 * @param task {@link #TRANSCRIBE} (the default) or {@link #TRANSLATE} (into English, where the
 *     engine can: Whisper's multilingual models)
 */
public record TranscribeOptions(String language, String prompt, String task) {

  public static final String TRANSCRIBE = "transcribe";
  public static final String TRANSLATE = "translate";

  public TranscribeOptions {
    prompt = prompt == null ? "" : prompt;
    task = task == null ? TRANSCRIBE : task;
    if (!task.equals(TRANSCRIBE) && !task.equals(TRANSLATE)) {
      throw new IllegalArgumentException("task must be transcribe or translate, was '" + task + "'");
    }
  }

  public TranscribeOptions(String language, String prompt) {
    this(language, prompt, TRANSCRIBE);
  }

  public static TranscribeOptions of(String language) {
    return new TranscribeOptions(language, "");
  }

  public boolean translate() {
    return task.equals(TRANSLATE);
  }
}
