package io.captiond.captions.hls;

import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.TimestampMap;
import io.captiond.media.hls.WrittenPlaylists;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The window a subtitle rendition had published before the server restarted, read back from its files, so
 * the rendition goes on after it instead of starting a new playlist: {@code subs.m3u8} gives the sequence
 * numbers, durations and discontinuities, each {@code subs<N>.vtt} its {@code X-TIMESTAMP-MAP} (where it
 * starts in stream time, and on which clock: RFC 8216 section 3.5). Beside the remuxer each goes with the
 * video segment of its number ({@link HlsFolder#SEGMENT_TEMPLATE}), which the held video playlist (synced
 * mode) lists again from this window. Anything missing or unreadable gives an empty window: the rendition
 * then starts afresh, as before. Blocking: a worker thread.
 */
final class PublishedWindow {

  private static final int HEADER_MAX_BYTES = 512;
  private static final Pattern SEGMENT = Pattern.compile(SubtitlePlaylistWriter.SEGMENT_PATTERN);
  private static final Pattern MAP = Pattern.compile(
      "X-TIMESTAMP-MAP=MPEGTS:(\\d{1,12}),LOCAL:(\\d{2,}):(\\d{2}):(\\d{2})\\.(\\d{3})");

  /** The published segments, oldest first, and the clock the newest one was placed on. */
  record Restored(List<SubtitleSegmenter.VideoSegment> segments, TimestampMap lastClock) {
    static final Restored NONE = new Restored(List.of(), null);

    boolean isEmpty() {
      return segments.isEmpty();
    }

    SubtitleSegmenter.VideoSegment last() {
      return segments.get(segments.size() - 1);
    }
  }

  private PublishedWindow() {}

  /** @param trackDir where the rendition's playlist and segments are */
  static Restored read(Path trackDir) throws IOException {
    MediaPlaylist subtitles = WrittenPlaylists.readMedia(trackDir.resolve(SubtitlePlaylistWriter.PLAYLIST));
    if (subtitles == null || subtitles.segments().isEmpty()) {
      return Restored.NONE;
    }
    List<SubtitleSegmenter.VideoSegment> segments = new ArrayList<>();
    TimestampMap clock = null;
    for (MediaSegment segment : subtitles.segments()) {
      String name = fileName(segment.uri());
      String header = SEGMENT.matcher(name).matches() ? header(trackDir.resolve(name)) : null;
      Matcher map = header == null ? null : MAP.matcher(header);
      if (map == null || !map.find()) {
        return Restored.NONE;
      }
      long pts = Long.parseLong(map.group(1));
      long startMs = ((Long.parseLong(map.group(2)) * 60 + Long.parseLong(map.group(3))) * 60
          + Long.parseLong(map.group(4))) * 1000 + Long.parseLong(map.group(5));
      if (pts >= TimestampMap.PTS_MODULUS) {
        return Restored.NONE;
      }
      clock = new TimestampMap(pts, startMs);
      String uri = String.format(HlsFolder.SEGMENT_TEMPLATE, segment.sequence());
      segments.add(new SubtitleSegmenter.VideoSegment(segment.sequence(), startMs, startMs + segment.durationMs(),
          TimestampMap.header(pts, startMs), uri, segment.discontinuitySequence()));
    }
    return new Restored(segments, clock);
  }

  private static String header(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(HEADER_MAX_BYTES), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String fileName(URI uri) {
    String path = uri.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
