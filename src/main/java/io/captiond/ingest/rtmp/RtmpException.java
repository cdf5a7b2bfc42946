package io.captiond.ingest.rtmp;

import io.netty.handler.codec.DecoderException;

/**
 * Bad input from an RTMP peer. Every subclass states what was seen and what was allowed; the
 * connection that produced it is closed and nothing else is touched. It extends Netty's
 * {@link DecoderException} so that a decoder can throw it through a pipeline unwrapped.
 */
public class RtmpException extends DecoderException {

  public RtmpException(String message) {
    super(message);
  }
}
