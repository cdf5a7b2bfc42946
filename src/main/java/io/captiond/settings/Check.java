package io.captiond.settings;

/** The one range check of a settings field: throws a {@link SettingException} naming the key. */
public final class Check {

  private Check() {}

  /** {@code value} within [min, max]; the message starts with {@code field}. */
  public static int range(String key, String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new SettingException(key, field + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code value} within [min, max]; the message starts with {@code field}. */
  public static long range(String key, String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new SettingException(key, field + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Fails with {@code message} (which says what was seen and what is allowed) unless {@code ok}. */
  public static void require(String key, boolean ok, String message) {
    if (!ok) {
      throw new SettingException(key, message);
    }
  }
}
