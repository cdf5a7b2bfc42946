package io.captiond.ingest;

/** A running source of one stream, as its session holds it: all the session may do is stop it. */
public interface IngestHandle {

  /** Stops reading; the source sends no more chunks soon after. Idempotent. */
  void stop();

  /**
   * Stops reading because the node is going down and the stream resumes when it is back: as {@link #stop},
   * but what would tell players the stream is over (the HLS playlist's {@code EXT-X-ENDLIST}) is left out,
   * so they keep polling through the restart.
   */
  default void suspend() {
    stop();
  }

  /**
   * Shows every media tag (decode order, stream time) to {@code tap}, whose answer the source
   * re-publishes: for sources that carry the stream's video (RTMP); others ignore it.
   */
  default void tapMedia(io.captiond.media.embed.MediaTap tap) {}

  /**
   * Completes once the source has let go of everything it writes (threads ended, files closed),
   * so that the stream's folder may be deleted. Sources that write no files need not say.
   */
  default io.vertx.core.Future<Void> whenStopped() {
    return io.vertx.core.Future.succeededFuture();
  }
}
