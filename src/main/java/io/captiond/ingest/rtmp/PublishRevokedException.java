package io.captiond.ingest.rtmp;

/**
 * Thrown by a {@link PublishListener} to end a publish it had accepted (another publisher took the
 * stream over, the stream was deleted): the connection closes with this reason, logged as such.
 */
public final class PublishRevokedException extends RtmpException {

  public PublishRevokedException(String message) {
    super(message);
  }
}
