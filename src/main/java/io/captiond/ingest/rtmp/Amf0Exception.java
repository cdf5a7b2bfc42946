package io.captiond.ingest.rtmp;

/** Bytes that are not valid AMF0 (truncated, unknown marker, too deep, bad UTF-8). */
public final class Amf0Exception extends RtmpException {

  public Amf0Exception(String message) {
    super(message);
  }
}
