package io.captiond.ingest.rtmp;

/** The chunk stream (RTMP 1.0 section 5.3) breaks a rule or a configured limit. */
public class ChunkException extends RtmpException {

  public ChunkException(String message) {
    super(message);
  }
}
