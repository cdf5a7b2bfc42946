package io.captiond.media.hls;

import java.nio.file.Path;

/**
 * Where a stream's HLS files live and what the remuxer names them: {@code <stream dir>/hls/} holds
 * the master playlist (RFC 8216 §4.3.4), the media playlist (§4.3.3) and its MPEG-TS segments
 * (§3.2). Only these names (and the subtitle rendition's) are served from the folder, so the
 * segment pattern is matched whole and bounds the sequence number.
 */
public final class HlsFolder {

  /** The folder's name inside a stream's data folder. */
  public static final String NAME = "hls";
  public static final String MASTER = "master.m3u8";
  public static final String MEDIA = "index.m3u8";
  /**
   * The remuxer's own media playlist when the served one is held for its subtitles (synced mode): the
   * subtitle rendition lists each segment in {@link #MEDIA} once its captions are out. Never served.
   */
  public static final String REMUXED = "remuxed.m3u8";
  /** FFmpeg's {@code hls_segment_filename}: {@code %d} is the media sequence number. */
  public static final String SEGMENT_TEMPLATE = "seg%d.ts";
  /** What {@link #SEGMENT_TEMPLATE} writes, as a regular expression to match a whole name. */
  public static final String SEGMENT_PATTERN = "seg\\d{1,9}\\.ts";

  private HlsFolder() {}

  /** The HLS folder of the stream whose data folder is {@code streamDir}. */
  public static Path of(Path streamDir) {
    return streamDir.resolve(NAME);
  }
}
