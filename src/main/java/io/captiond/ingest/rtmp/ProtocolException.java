package io.captiond.ingest.rtmp;

/**
 * Well-formed messages used against the conversation: a command out of order, a control message
 * of the wrong size, media before publish.
 */
public final class ProtocolException extends RtmpException {

  public ProtocolException(String message) {
    super(message);
  }
}
