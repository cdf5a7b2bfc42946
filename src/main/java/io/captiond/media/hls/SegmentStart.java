package io.captiond.media.hls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an MPEG-TS segment file starts in time ({@link TsTimestamps#firstPts}), reading as little of it as
 * gives the answer: the PAT, PMT and the first PES of every stream sit near a segment's start, so a small
 * prefix is read first, and the longer one only when the small one did not show every stream's first PTS.
 * The answer is the one the longer prefix alone gives: the scan goes packet by packet from the start and
 * stops once every stream has its PTS, so a prefix it stopped in holds all it would have read. Blocking.
 */
public final class SegmentStart {

  /** Read first: holds the tables and first PES packets of the segments muxers write (a key frame may not fit). */
  static final int FIRST_BYTES = 64 << 10;
  /** Read no more than this. */
  static final int MAX_BYTES = 1 << 20;

  private SegmentStart() {}

  /** The first PTS of each stream of the segment in {@code file}, as {@link TsTimestamps#firstPts} of its first MiB. */
  public static List<TsTimestamps.Track> firstPts(Path file) throws IOException, TsFormatException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] first = in.readNBytes(FIRST_BYTES);
      if (first.length < FIRST_BYTES) {
        return TsTimestamps.firstPts(first); // the whole file
      }
      try {
        TsTimestamps.Scan scan = TsTimestamps.scan(first);
        if (scan.everyStream()) {
          return scan.tracks();
        }
      } catch (TsFormatException e) {
        // said of the prefix (its length, where it was cut): the longer read says it of the file
      }
      byte[] rest = in.readNBytes(MAX_BYTES - FIRST_BYTES);
      byte[] all = new byte[first.length + rest.length];
      System.arraycopy(first, 0, all, 0, first.length);
      System.arraycopy(rest, 0, all, first.length, rest.length);
      return TsTimestamps.firstPts(all);
    }
  }
}
