package io.captiond.app;

import io.captiond.settings.SettingException;
import java.util.function.Supplier;

/** The configuration is unusable; {@link #key()} names the key at fault, by its full path. */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** A settings record refused a value: the record knows the key path. */
  public ConfigException(SettingException e) {
    this(e.key(), e.getMessage());
  }

  public String key() {
    return key;
  }

  /** Builds settings with {@code read}, turning a refused value into a ConfigException naming its key. */
  static <T> T keyed(Supplier<T> read) {
    try {
      return read.get();
    } catch (SettingException e) {
      throw new ConfigException(e);
    }
  }
}
