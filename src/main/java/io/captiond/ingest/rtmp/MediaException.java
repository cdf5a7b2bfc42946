package io.captiond.ingest.rtmp;

/** An FLV audio or video tag body (FLV spec E.4.2, E.4.3) too short or inconsistent to parse. */
public final class MediaException extends RtmpException {

  public MediaException(String message) {
    super(message);
  }
}
