package io.captiond.captions.hls;

import io.captiond.media.HlsRemuxer;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.HlsPlaylistException;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.PlaylistChanges;
import io.captiond.media.hls.PlaylistParser;
import io.captiond.media.hls.RemuxRuns;
import io.captiond.media.hls.SegmentStart;
import io.captiond.media.hls.TimestampMap;
import io.captiond.media.hls.TsFormatException;
import io.captiond.media.hls.TsTimestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The video segments the local remuxer writes: its media playlist is read when the remuxer of this
 * process reports it changed ({@link PlaylistChanges}, passed on as {@link #onNews}), at least every
 * {@link #UNCHANGED_READ_MS} (for safety), and every {@link #POLL_MS} when no remuxer here reports on it
 * or the last read failed; where each new segment starts comes from the segment's first PTS
 * ({@link SegmentStart}).
 *
 * <p>Stream time to PTS: the remuxer reports the stream time of its first video (and audio) packet
 * ({@link HlsRemuxer.Origin}); the first PES of that track in the first segment carries its PTS.
 * That pair anchors a {@link TimestampMap}, whatever offset the muxer added; the audio pair, when
 * there is one, is checked against it.
 *
 * <p>Runs: a remuxer started again on the folder (a restart) goes on with the playlist behind a
 * discontinuity ({@link RemuxRuns}), on a clock of its own. The origin it reports anchors the first segment
 * of the newest run; segments of an earlier run keep the clock they were published on, given back by
 * {@link #resume} from the subtitle segments already written.
 */
final class RemuxerVideo implements VideoSegments {

  private static final Logger LOG = Logger.getLogger(RemuxerVideo.class.getName());
  private static final int PLAYLIST_MAX_BYTES = 1 << 20;
  private static final int PLAYLIST_MAX_SEGMENTS = 100_000;
  private static final URI PLAYLIST_BASE = URI.create("http://localhost/hls/" + HlsFolder.MEDIA);
  private static final Pattern SEGMENT_NAME = Pattern.compile(HlsFolder.SEGMENT_PATTERN);
  /** With no change reported, the playlist is still read this often: a missed notice costs no more. */
  static final long UNCHANGED_READ_MS = 5_000;
  /** With no notice to wait for (no muxer here reports on the playlist, or the last read failed), read this often. */
  static final long POLL_MS = 250;

  private final Vertx vertx;
  private final String streamId;
  private final Path dir;
  private final int segmentSeconds;
  private HlsRemuxer.Origin origin;
  private boolean closed;
  private final String playlistName;
  // Set on worker threads; each read happens in a later step, which the rendition's work chain orders.
  private final Map<Long, TimestampMap> clocks = new HashMap<>();
  private RemuxRuns runs = RemuxRuns.FIRST;
  private boolean runsRead;
  private long resumedSequence = -1;
  private TimestampMap resumedClock;
  private long lastStartMs = Long.MIN_VALUE;
  private long known = -1;
  private int targetSeconds;
  private boolean videoEnded;
  private final PlaylistChanges changes;
  private long readAtChange = -1;
  private long readAtMs;
  private boolean lastReadFailed;

  /** @param playlist the remuxer's media playlist to follow, in {@code dir} */
  RemuxerVideo(Vertx vertx, String streamId, Path dir, String playlist, int segmentSeconds) {
    this.playlistName = playlist;
    this.vertx = vertx;
    this.streamId = streamId;
    this.dir = dir;
    this.segmentSeconds = segmentSeconds;
    this.targetSeconds = segmentSeconds;
    this.changes = PlaylistChanges.of(dir.resolve(playlist));
  }

  /**
   * The subtitle segments up to {@code sequence}, ending at {@code endMs}, were published before a restart on
   * {@code clock}: go on after them, with that clock for the rest of their run. Before the first {@link #next}.
   */
  void resume(long sequence, long endMs, TimestampMap clock) {
    known = sequence;
    lastStartMs = endMs;
    resumedSequence = sequence;
    resumedClock = clock;
  }

  /** Where the remuxer's output clock starts; the first report counts. */
  void origin(HlsRemuxer.Origin origin) {
    if (this.origin == null) {
      this.origin = origin;
    }
  }

  @Override
  public Future<List<SubtitleSegmenter.VideoSegment>> next() {
    if (origin == null || closed) {
      return Future.succeededFuture(List.of());
    }
    if (!mayHaveNew()) {
      return Future.succeededFuture(List.of());
    }
    // the count before the read: a change while it reads is read next time
    readAtChange = changes.count();
    readAtMs = nowMs();
    lastReadFailed = false;
    HlsRemuxer.Origin start = origin;
    return vertx.executeBlocking(() -> readNewSegments(start)).onFailure(error -> {
      readAtChange = -1;
      lastReadFailed = true;
    });
  }

  @Override
  public boolean mayHaveNew() {
    if (lastReadFailed) {
      return nowMs() - readAtMs >= POLL_MS; // again, but not at once: the file may need a moment
    }
    return !changes.muxedHere() || changes.count() != readAtChange || nowMs() - readAtMs >= UNCHANGED_READ_MS;
  }

  @Override
  public long nextLookMs(long nowMs) {
    if (origin == null || closed) {
      return Long.MAX_VALUE; // nothing can be placed before the origin; origin() is the rendition's own news
    }
    if (lastReadFailed || !changes.muxedHere()) {
      return readAtMs + POLL_MS;
    }
    return changes.count() != readAtChange ? nowMs : readAtMs + UNCHANGED_READ_MS;
  }

  @Override
  public void onNews(Runnable news) {
    changes.onChange(news);
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  @Override
  public boolean ended() {
    return videoEnded;
  }

  @Override
  public int targetSeconds() {
    return targetSeconds;
  }

  @Override
  public void close() {
    closed = true;
    changes.close();
  }

  /** On a worker: the video segments listed after the last one known, with their times. */
  private List<SubtitleSegmenter.VideoSegment> readNewSegments(HlsRemuxer.Origin start) throws IOException {
    Path index = dir.resolve(playlistName);
    byte[] body;
    try {
      body = Files.readAllBytes(index);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    MediaPlaylist playlist;
    try {
      // The parser resolves segment URIs against an http(s) base; only their file names are used.
      if (!(new PlaylistParser(PLAYLIST_MAX_BYTES, PLAYLIST_MAX_SEGMENTS).parse(PLAYLIST_BASE, body)
          instanceof MediaPlaylist media)) {
        throw new IOException(index + " is not a media playlist");
      }
      playlist = media;
    } catch (HlsPlaylistException e) {
      throw new IOException("cannot read the video playlist: " + e.getMessage(), e);
    }
    if (!runsRead || startsNewRun(playlist)) {
      runs = readRuns();
      runsRead = true;
    }
    targetSeconds = (int) Math.max(segmentSeconds, (playlist.targetDurationMs() + 999) / 1000);
    videoEnded = playlist.endList();
    List<SubtitleSegmenter.VideoSegment> found = new ArrayList<>();
    for (MediaSegment segment : playlist.segments()) {
      if (segment.sequence() > known) {
        found.add(videoSegment(segment, start));
      }
    }
    return found;
  }

  private SubtitleSegmenter.VideoSegment videoSegment(MediaSegment segment, HlsRemuxer.Origin start) {
    known = segment.sequence();
    String path = segment.uri().getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    Path file = dir.resolve(SEGMENT_NAME.matcher(name).matches() ? name : "unexpected-segment-name.ts");
    List<TsTimestamps.Track> tracks = null;
    try {
      tracks = SegmentStart.firstPts(file);
    } catch (IOException | TsFormatException e) {
      LOG.warning(() -> "stream " + streamId + ": cannot read where " + file.getFileName() + " starts ("
          + e.getMessage() + "); its subtitles follow the previous segment's end");
    }
    TimestampMap clock = clockOf(segment.sequence(), tracks, start);
    long startMs;
    long pts;
    if (tracks != null) {
      pts = TsTimestamps.startPts(tracks);
      startMs = clock.toStreamMs(pts, lastStartMs == Long.MIN_VALUE ? 0 : lastStartMs);
    } else {
      startMs = lastStartMs == Long.MIN_VALUE ? 0 : lastStartMs;
      pts = clock.toPts(startMs);
    }
    long endMs = startMs + segment.durationMs();
    lastStartMs = endMs;
    return new SubtitleSegmenter.VideoSegment(segment.sequence(), startMs, endMs,
        clock.segmentHeader(pts, startMs), name, runs.discontinuitySequence(segment.sequence()));
  }

  /** The clock of the run {@code sequence} belongs to: anchored at the newest run's first segment, resumed, or assumed. */
  private TimestampMap clockOf(long sequence, List<TsTimestamps.Track> tracks, HlsRemuxer.Origin start) {
    long run = runs.runStartOf(sequence);
    TimestampMap clock = clocks.get(run);
    if (clock == null && resumedClock != null && run == runs.runStartOf(resumedSequence)) {
      clock = resumedClock;
    }
    if (clock == null && tracks != null && run == runs.currentStart()) {
      clock = anchor(tracks, start, sequence, run);
    }
    if (clock == null) {
      clock = new TimestampMap(0, 0);
      LOG.warning(() -> "stream " + streamId + ": no anchor between stream time and the video's PTS from segment "
          + sequence + "; assuming PTS = 90 x stream ms");
    }
    clocks.put(run, clock);
    return clock;
  }

  /**
   * Whether a segment not seen yet follows a discontinuity: a remuxer started again on the folder records its
   * run ({@link RemuxRuns#FILE}) before it lists anything behind one. Otherwise the file is as last read, and
   * not read again: a stream that never restarted has none, and looking cost a failed open and an exception
   * at every read of the playlist.
   */
  private boolean startsNewRun(MediaPlaylist playlist) {
    for (MediaSegment segment : playlist.segments()) {
      if (segment.sequence() > known && segment.discontinuity()) {
        return true;
      }
    }
    return false;
  }

  private RemuxRuns readRuns() throws IOException {
    try {
      return RemuxRuns.parse(Files.readString(dir.resolve(RemuxRuns.FILE)));
    } catch (NoSuchFileException e) {
      return RemuxRuns.FIRST;
    }
  }

  private TimestampMap anchor(List<TsTimestamps.Track> tracks, HlsRemuxer.Origin start, long sequence, long run) {
    if (sequence != run) {
      LOG.warning(() -> "stream " + streamId + ": the first video segment seen is " + sequence
          + ", not " + run + " where the remuxer started: cannot anchor subtitle time to it");
      return null;
    }
    TimestampMap map = null;
    for (TsTimestamps.Track track : tracks) {
      long ms = track.kind() == TsTimestamps.Kind.VIDEO ? start.firstVideoMs()
          : track.kind() == TsTimestamps.Kind.AUDIO ? start.firstAudioMs() : HlsRemuxer.Origin.NONE;
      if (ms == HlsRemuxer.Origin.NONE) {
        continue;
      }
      if (map == null) {
        map = new TimestampMap(track.firstPts(), ms);
        TimestampMap anchored = map;
        LOG.info(() -> "stream " + streamId + ": HLS clock: stream " + ms + " ms is PTS " + track.firstPts()
            + " (" + track.kind().name().toLowerCase(Locale.ROOT) + "; offset "
            + (anchored.toTicks(0)) + " ticks)");
      } else if (Math.abs(map.toStreamMs(track.firstPts(), ms) - ms) > 1) {
        long seen = map.toStreamMs(track.firstPts(), ms);
        LOG.warning(() -> "stream " + streamId + ": HLS clock: " + track.kind() + " starts at PTS "
            + track.firstPts() + ", stream " + seen + " ms by the video's anchor, but was sent at " + ms + " ms");
      }
    }
    return map;
  }
}
