package io.captiond.ingest.hls;

/** A segment that is not decodable media with audio: skipped and counted, not fatal on its own. */
public final class SegmentDecodeException extends Exception {

  public SegmentDecodeException(String message) {
    super(message);
  }
}
