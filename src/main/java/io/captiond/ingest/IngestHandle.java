package io.captiond.ingest;

/** A running source of one stream, as its session holds it: all the session may do is stop it. */
public interface IngestHandle {

  /** Stops reading; the source sends no more chunks soon after. Idempotent. */
  void stop();
}
