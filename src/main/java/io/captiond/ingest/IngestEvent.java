package io.captiond.ingest;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** What a source tells its stream's session besides audio: that it paused or ended, or failed and why. */
public record IngestEvent(String streamId, Kind kind, String reason) {

  public enum Kind {
    /**
     * The source's publisher left: the audio still coming is what it had sent ahead of real time,
     * handed on as fast as the session takes it; {@link #PAUSED} follows at its end.
     */
    DRAINING,
    /**
     * The source stopped sending for now (its publisher left and may come back): all it sent has been
     * delivered, so speech still open is over. Audio that follows, if any, goes on in stream time.
     */
    PAUSED,
    /** The source ran out (end of file, publisher left for good). */
    ENDED,
    /** The source cannot go on; {@link #reason()} says why in words a user can act on. */
    FAILED
  }

  public IngestEvent {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(kind, "kind");
    reason = reason == null ? "" : reason;
  }

  public JsonObject toJson() {
    return new JsonObject().put("stream", streamId).put("kind", kind.name()).put("reason", reason);
  }

  public static IngestEvent fromJson(JsonObject json) {
    return new IngestEvent(json.getString("stream"), Kind.valueOf(json.getString("kind")),
        json.getString("reason"));
  }
}
