package io.captiond.session;

/**
 * What a policy decided to show: tentative text (replacing the previous tentative text; empty text
 * clears it) or confirmed text, with its span in stream milliseconds. The session numbers it, stores
 * it if confirmed, and publishes it.
 */
public record CaptionUpdate(boolean confirmed, String text, long startMs, long endMs) {

  public static CaptionUpdate tentative(String text, long startMs, long endMs) {
    return new CaptionUpdate(false, text, startMs, endMs);
  }

  public static CaptionUpdate confirmed(String text, long startMs, long endMs) {
    return new CaptionUpdate(true, text, startMs, endMs);
  }
}
