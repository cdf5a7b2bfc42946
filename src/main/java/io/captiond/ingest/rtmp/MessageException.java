package io.captiond.ingest.rtmp;

/**
 * A reassembled message whose payload does not have the shape its type requires (RTMP 1.0 sections
 * 5.4, 6.2 and 7.1): a control message of the wrong size, an AMF3 message without its AMF0 format
 * byte, metadata that is neither an object nor an ECMA array.
 */
public final class MessageException extends RtmpException {

  public MessageException(String message) {
    super(message);
  }
}
