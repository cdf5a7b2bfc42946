package io.captiond.captions.hls;

import io.captiond.files.AtomicFiles;
import io.captiond.files.RelinkedFile;
import io.captiond.files.SpareFiles;
import io.captiond.captions.CueLayout;
import io.captiond.captions.SubtitleFormats;
import io.captiond.media.hls.HlsFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes the subtitle rendition: {@code subs.m3u8} (RFC 8216 section 4.3.3, a live media playlist
 * of the published window) and {@code subs<N>.vtt} segments (section 3.5: WebVTT with an
 * {@code X-TIMESTAMP-MAP} header). When it holds the video (synced mode) it also writes the served
 * video playlist, {@code index.m3u8}, listing the same window's video segments, after the subtitles:
 * a player never sees a video segment before the subtitle segment that goes with it. The text is made
 * by pure methods; a playlist is replaced atomically (a reader sees the old one or the new one, whole) and
 * segments that left the window go. Blocking: worker threads, one write at a time.
 *
 * <p>Not forced to disk ({@link AtomicFiles#replaceUnforced}): these files are derived. The durable record is
 * the caption log; a player sees each file whole, and a restart after the process
 * died finds what was written (the kernel still has it). Only a power loss can leave a file older, empty or
 * gone, and the video segments and playlist beside them, which FFmpeg writes without forcing, are in the same
 * state: the restart then reads back an older window ({@link PublishedWindow}, as after a crash between a
 * video segment and its subtitles) or none (anything unreadable) and starts afresh. Forcing every segment and
 * playlist cost four syncs per segment of every stream.
 *
 * <p>Which segment files are on disk is known, not listed: those this writer wrote, and those it found in
 * the folder at its first write (left by an earlier run).
 *
 * <p>No file is created or freed per segment once the window is full: the playlists are {@link RelinkedFile}s,
 * and a new segment is a segment that left the window, renamed and written over ({@link SpareFiles}). A new
 * segment is written in place, not through a temporary file: no playlist names it yet. (A file created and one freed,
 * three times per segment of every stream, was most of the workers' CPU on ext4 without a journal.)
 */
public final class SubtitlePlaylistWriter {

  public static final String PLAYLIST = "subs.m3u8";
  public static final String SEGMENT_PATTERN = "subs\\d{1,9}\\.vtt";
  private static final Pattern SEGMENT = Pattern.compile(SEGMENT_PATTERN);

  /** Segments a held video playlist has when it first appears (the master appears with it), at most the window. */
  public static final int START_SEGMENTS = 3;

  private final Path dir;
  private final boolean holdsVideo;
  private final int startSegments;
  private final RelinkedFile subtitlePlaylistFile;
  private final RelinkedFile videoPlaylistFile;
  private final SpareFiles spareSegments;
  /** Segment files in the folder, by name: found at the first write, then those written. */
  private Set<String> segmentFiles;

  public SubtitlePlaylistWriter(Path dir) {
    this(dir, false, 1);
  }

  /**
   * @param holdsVideo also write the served video playlist (synced mode)
   * @param startSegments segments the held playlists wait for before they first appear
   */
  public SubtitlePlaylistWriter(Path dir, boolean holdsVideo, int startSegments) {
    this.dir = dir;
    this.holdsVideo = holdsVideo;
    this.startSegments = startSegments;
    this.subtitlePlaylistFile = new RelinkedFile(dir.resolve(PLAYLIST));
    this.videoPlaylistFile = new RelinkedFile(dir.resolve(HlsFolder.MEDIA));
    this.spareSegments = new SpareFiles(dir, "subs-spare");
  }

  public static String segmentName(long sequence) {
    return "subs" + sequence + ".vtt";
  }

  /**
   * The media playlist of {@code window}; {@code targetSeconds} at least the longest segment,
   * rounded up (section 4.3.3.1). An empty window is a playlist without segments yet.
   */
  public static String playlist(List<SubtitleSegmenter.Segment> window, int targetSeconds, boolean ended) {
    return entries(window, targetSeconds, ended, segment -> segmentName(segment.sequence()));
  }

  /**
   * The served video playlist of {@code window} (synced mode): the same sequence numbers and durations as
   * {@link #playlist}, each entry the video segment's URI, with the video's discontinuities (section 4.3.2.3,
   * and EXT-X-DISCONTINUITY-SEQUENCE, section 4.3.3.3, for those that left the window).
   */
  public static String videoPlaylist(List<SubtitleSegmenter.Segment> window, int targetSeconds, boolean ended) {
    return entries(window, targetSeconds, ended, segment -> segment.video().uri());
  }

  /**
   * A media playlist of {@code window}, each entry named by {@code uri}, with the video's discontinuities:
   * the subtitle playlist has them where the video has (RFC 8216 section 6.3.3: a rendition's discontinuities
   * line up with the variant's), after a restart as beside an HLS source that has them.
   */
  private static String entries(List<SubtitleSegmenter.Segment> window, int targetSeconds, boolean ended,
      Function<SubtitleSegmenter.Segment, String> uri) {
    StringBuilder text = header(window, targetSeconds);
    if (!window.isEmpty() && window.get(0).video().discontinuitySequence() > 0) {
      text.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(window.get(0).video().discontinuitySequence()).append('\n');
    }
    long discontinuity = window.isEmpty() ? 0 : window.get(0).video().discontinuitySequence();
    for (SubtitleSegmenter.Segment segment : window) {
      if (segment.video().discontinuitySequence() != discontinuity) {
        discontinuity = segment.video().discontinuitySequence();
        text.append("#EXT-X-DISCONTINUITY\n");
      }
      text.append(extinf(segment)).append(uri.apply(segment)).append('\n');
    }
    return end(text, ended);
  }

  /** The header of a media playlist of {@code window}: target at least the longest segment, rounded up (4.3.3.1). */
  private static StringBuilder header(List<SubtitleSegmenter.Segment> window, int targetSeconds) {
    int target = targetSeconds;
    for (SubtitleSegmenter.Segment segment : window) {
      target = Math.max(target, (int) ((durationMs(segment) + 999) / 1000));
    }
    return new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
        .append(target).append("\n#EXT-X-MEDIA-SEQUENCE:")
        .append(window.isEmpty() ? 0 : window.get(0).sequence()).append('\n');
  }

  /** {@code #EXTINF:<s>.<ms>,}: built by hand, since String.format was most of a worker's time spent writing playlists. */
  private static String extinf(SubtitleSegmenter.Segment segment) {
    long ms = durationMs(segment);
    long fraction = ms % 1000;
    return new StringBuilder(24).append("#EXTINF:").append(ms / 1000).append('.')
        .append(fraction < 100 ? (fraction < 10 ? "00" : "0") : "").append(fraction).append(",\n").toString();
  }

  private static long durationMs(SubtitleSegmenter.Segment segment) {
    return segment.video().endMs() - segment.video().startMs();
  }

  private static String end(StringBuilder text, boolean ended) {
    if (ended) {
      text.append("#EXT-X-ENDLIST\n");
    }
    return text.toString();
  }

  /** One WebVTT segment: the header, the timestamp map, then its cues, each with its start as id. */
  public static String segment(SubtitleSegmenter.Segment segment) {
    StringBuilder text = new StringBuilder("WEBVTT\n").append(segment.video().timestampMap()).append("\n\n");
    for (CueLayout.Cue cue : segment.cues()) {
      // The id is the cue's start, the same in every segment that repeats it.
      text.append("c").append(cue.startMs()).append('\n')
          .append(SubtitleFormats.vttTime(cue.startMs())).append(" --> ")
          .append(SubtitleFormats.vttTime(cue.endMs())).append('\n');
      for (String line : cue.lines()) {
        text.append(SubtitleFormats.escapeVtt(line)).append('\n');
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Writes the new segments, then the playlist naming them, then deletes segments out of the window. */
  public void write(List<SubtitleSegmenter.Segment> added, List<SubtitleSegmenter.Segment> window,
      int targetSeconds, boolean ended) throws IOException {
    try {
      writeFiles(added, window, targetSeconds, ended);
    } catch (IOException e) {
      segmentFiles = null; // the next write makes the folder again if it went, and lists what is in it
      throw e;
    }
  }

  private void writeFiles(List<SubtitleSegmenter.Segment> added, List<SubtitleSegmenter.Segment> window,
      int targetSeconds, boolean ended) throws IOException {
    if (segmentFiles == null) {
      // Once, not at every write: making a folder that is there costs a failed mkdir, an exception and a stat.
      Files.createDirectories(dir);
      segmentFiles = listSegmentFiles();
      spareSegments.deleteLeftovers();
    }
    for (SubtitleSegmenter.Segment segment : added) {
      String name = segmentName(segment.sequence());
      if (segmentFiles.add(name)) { // before the write: a failed write may still leave the file
        spareSegments.writeNew(name, segment(segment));
      } else { // written again (with late cues at the end), or left by an earlier run: it may be listed
        AtomicFiles.replaceUnforced(dir.resolve(name), segment(segment));
      }
    }
    // Held video: players start about three segments behind the newest; listed sooner, they start at the
    // edge and stall at every held segment, and resume faster than their subtitles load.
    if (!holdsVideo || ended || window.size() >= startSegments || Files.exists(dir.resolve(PLAYLIST))) {
      subtitlePlaylistFile.replace(playlist(window, targetSeconds, ended));
      if (holdsVideo) {
        videoPlaylistFile.replace(videoPlaylist(window, targetSeconds, ended));
      }
    }
    Set<String> keep = new HashSet<>();
    window.forEach(segment -> keep.add(segmentName(segment.sequence())));
    for (Iterator<String> files = segmentFiles.iterator(); files.hasNext(); ) {
      String name = files.next();
      if (!keep.contains(name)) {
        spareSegments.retire(name);
        files.remove();
      }
    }
  }

  /** The segment files in the folder now. */
  private Set<String> listSegmentFiles() throws IOException {
    Set<String> found = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
        file -> SEGMENT.matcher(file.getFileName().toString()).matches())) {
      files.forEach(file -> found.add(file.getFileName().toString()));
    }
    return found;
  }
}
