package io.captiond.ingest.rtmp;

/** A message header announces more bytes than {@link RtmpConfig#maxMessageLength()} allows. */
public final class MessageTooLongException extends ChunkException {

  public MessageTooLongException(String message) {
    super(message);
  }
}
