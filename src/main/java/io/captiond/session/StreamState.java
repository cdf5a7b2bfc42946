package io.captiond.session;

import java.util.Locale;

/** Where a stream is in its life: waiting for media, live, ended, or failed (with a reason). */
public enum StreamState {
  WAITING, LIVE, ENDED, FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StreamState fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public boolean isOver() {
    return this == ENDED || this == FAILED;
  }
}
