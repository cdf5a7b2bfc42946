package io.captiond.ingest.rtmp;

/** A message header announces more bytes than {@link RtmpSettings#maxMessageLength()} allows. */
public final class MessageTooLongException extends ChunkException {

  public MessageTooLongException(String message) {
    super(message);
  }
}
