package io.captiond.viewers;

import java.util.Locale;

/** Who may watch a stream: anyone who has its id, or only holders of a viewer token (or the admin token). */
public enum ViewerPolicy {
  PUBLIC,
  TOKEN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code public} or {@code token}; anything else is an {@link IllegalArgumentException} that says so. */
  public static ViewerPolicy fromWire(String text) {
    if (text != null) {
      for (ViewerPolicy policy : values()) {
        if (policy.wireName().equals(text)) {
          return policy;
        }
      }
    }
    throw new IllegalArgumentException("viewers must be 'public' or 'token', got "
        + (text == null ? "nothing" : "'" + text.substring(0, Math.min(text.length(), 32)) + "'"));
  }
}
