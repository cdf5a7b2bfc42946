package io.captiond.settings;

/**
 * A settings value outside what its field allows. The message names the field and states what was
 * seen and what is allowed; {@link #key()} is the full configuration key path ({@code vad.threads}).
 */
public class SettingException extends IllegalArgumentException {

  private final String key;

  public SettingException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The full key path, e.g. {@code captions.step_ms}. */
  public String key() {
    return key;
  }
}
