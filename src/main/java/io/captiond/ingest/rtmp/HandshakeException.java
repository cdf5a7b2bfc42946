package io.captiond.ingest.rtmp;

/** C0/C1/C2 violate the handshake of RTMP 1.0 section 5.2 (for example an unknown version byte). */
public final class HandshakeException extends RtmpException {

  public HandshakeException(String message) {
    super(message);
  }
}
