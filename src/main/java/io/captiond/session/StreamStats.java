package io.captiond.session;

import io.vertx.core.json.JsonObject;

/**
 * What a stream has done so far.
 *
 * @param lastLagMs how long the newest final caption took from its last audio arriving to being
 *     announced; -1 before the first
 * @param skippedWindows windows that could not be transcribed (recognizer failed twice, or could not keep up)
 */
public record StreamStats(long audioMs, long speechMs, long captions, long lastLagMs, long skippedWindows) {

  public static final StreamStats NONE = new StreamStats(0, 0, 0, -1, 0);

  /**
   * These totals, from before a restart, with {@code since}, what the stream has done since: the counts add
   * up; the lag is the newest one known.
   */
  public StreamStats plus(StreamStats since) {
    return new StreamStats(audioMs + since.audioMs, speechMs + since.speechMs, captions + since.captions,
        since.lastLagMs >= 0 ? since.lastLagMs : lastLagMs, skippedWindows + since.skippedWindows);
  }

  public JsonObject toJson() {
    return new JsonObject().put("audioSeconds", audioMs / 1000.0).put("speechSeconds", speechMs / 1000.0)
        .put("captions", captions).put("lastLagMs", lastLagMs).put("skippedWindows", skippedWindows);
  }

  public static StreamStats fromJson(JsonObject json) {
    return new StreamStats(Math.round(json.getDouble("audioSeconds", 0.0) * 1000),
        Math.round(json.getDouble("speechSeconds", 0.0) * 1000), json.getLong("captions", 0L),
        json.getLong("lastLagMs", -1L), json.getLong("skippedWindows", 0L));
  }
}
