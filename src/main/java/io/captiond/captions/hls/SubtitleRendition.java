package io.captiond.captions.hls;

import io.captiond.captions.CueLayout;
import io.captiond.captions.CueTrack;
import io.captiond.captions.TimestampMap;
import io.captiond.ingest.hls.HlsPlaylistException;
import io.captiond.ingest.hls.MasterPlaylist;
import io.captiond.ingest.hls.MediaPlaylist;
import io.captiond.ingest.hls.MediaSegment;
import io.captiond.ingest.hls.PlaylistParser;
import io.captiond.ingest.hls.SourceSegment;
import io.captiond.media.HlsRemuxer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The HLS subtitle rendition of one RTMP stream, beside the video the remuxer writes in the same
 * folder. Its session feeds it confirmed cues and how far captions are settled; it follows the
 * video's media playlist (polled), reads where each video segment starts from the segment's first
 * PTS, and publishes WebVTT segments on the same boundaries and sequence numbers through a
 * {@link SubtitleSegmenter}. Lives on the session's context; file work runs on worker threads, one
 * step at a time.
 *
 * <p>Beside an HLS source ({@link #startBeside}) nothing is followed: the source reports each
 * MPEG-TS segment it placed in stream time ({@link #sourceSegment}), with one exact point of its
 * clock, and the master it was opened with, which is served with its variants pointing at the source.
 *
 * <p>Stream time to PTS: the remuxer reports the stream time of its first video (and audio) packet
 * ({@link HlsRemuxer.Origin}); the first PES of that track in the first segment carries its PTS.
 * That pair anchors a {@link TimestampMap}, whatever offset the muxer added; the audio pair, when
 * there is one, is checked against it.
 */
public final class SubtitleRendition implements CueTrack {

  /**
   * @param enabled write the rendition for RTMP sources re-published as HLS
   * @param holdbackMs the longest a segment waits for its captions to be confirmed
   * @param windowSegments segments in the live playlist (as the video's)
   * @param segmentSeconds the video's target segment duration
   */
  public record Settings(boolean enabled, long holdbackMs, int windowSegments, int segmentSeconds) {}

  private static final Logger LOG = Logger.getLogger(SubtitleRendition.class.getName());
  static final long POLL_MS = 250;
  /** The PAT, PMT and first PES of every track sit near a segment's start; read no more than this. */
  private static final int SEGMENT_PREFIX_BYTES = 1 << 20;
  private static final int PLAYLIST_MAX_BYTES = 1 << 20;
  private static final URI PLAYLIST_BASE = URI.create("http://localhost/hls/" + HlsRemuxer.MEDIA);
  private static final Pattern SEGMENT_NAME = Pattern.compile(HlsRemuxer.SEGMENT_PATTERN);

  private final Vertx vertx;
  private final String streamId;
  private final Path dir;
  private final Settings settings;
  private final SubtitleSegmenter segmenter;
  private final SubtitlePlaylistWriter writer;
  private final MeterRegistry meters;
  private final long timer;
  private final boolean follows;
  private final List<SubtitleSegmenter.VideoSegment> pushed = new ArrayList<>();
  private HlsRemuxer.Origin origin;
  private TimestampMap clock;
  private long lastStartMs = Long.MIN_VALUE;
  private int targetSeconds;
  private boolean videoEnded;
  private boolean finished;
  private boolean closed;
  private Future<Void> work = Future.succeededFuture();
  private String lastError;
  private Future<Void> finishing;
  private long lastMeasured = -1;

  private SubtitleRendition(Vertx vertx, String streamId, Path dir, Settings settings, MeterRegistry meters,
      boolean follows) {
    this.follows = follows;
    this.vertx = vertx;
    this.streamId = streamId;
    this.dir = dir;
    this.settings = settings;
    this.meters = meters;
    this.segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(settings.holdbackMs(),
        settings.windowSegments()));
    this.writer = new SubtitlePlaylistWriter(dir);
    this.targetSeconds = settings.segmentSeconds();
    // subs.m3u8 appears with its first segment (an empty live playlist is an error to hls.js);
    // until then the master is not served. A playlist left from an earlier run goes now.
    this.work = vertx.executeBlocking(() -> {
      Files.deleteIfExists(dir.resolve(SubtitlePlaylistWriter.PLAYLIST));
      return null;
    });
    this.timer = vertx.setPeriodic(POLL_MS, id -> poll());
  }

  /** Call on the session's context. */
  public static SubtitleRendition start(Vertx vertx, String streamId, Path hlsDir, Settings settings,
      MeterRegistry meters) {
    return new SubtitleRendition(vertx, streamId, hlsDir, settings, meters, true);
  }

  /** Beside an HLS source: fed by {@link #sourceOpened} and {@link #sourceSegment}. Call on the session's context. */
  public static SubtitleRendition startBeside(Vertx vertx, String streamId, Path hlsDir, Settings settings,
      MeterRegistry meters) {
    return new SubtitleRendition(vertx, streamId, hlsDir, settings, meters, false);
  }

  /** The source's playlist: the master served is its variants plus the subtitles. */
  public void sourceOpened(MasterPlaylist master, URI mediaPlaylist) {
    String text = SubtitleGroup.sourceMaster(master, mediaPlaylist);
    work = work.compose(v -> vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      Path temporary = dir.resolve(HlsRemuxer.MASTER + ".tmp");
      Files.writeString(temporary, text);
      Files.move(temporary, dir.resolve(HlsRemuxer.MASTER), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return null;
    })).recover(error -> {
      LOG.warning(() -> "stream " + streamId + ": cannot write the master playlist: " + error.getMessage());
      return Future.succeededFuture();
    }).mapEmpty();
  }

  /** A segment of the HLS source, placed in stream time: its subtitle segment follows it. */
  public void sourceSegment(SourceSegment segment) {
    TimestampMap map = new TimestampMap(segment.audioPts(), segment.audioStartMs());
    long startMs = map.toStreamMs(segment.startPts(), segment.audioStartMs());
    pushed.add(new SubtitleSegmenter.VideoSegment(segment.sequence(), startMs, startMs + segment.durationMs(),
        map.segmentHeader(segment.startPts(), startMs)));
    targetSeconds = (int) Math.max(targetSeconds, (segment.durationMs() + 999) / 1000);
  }

  /** Where the remuxer's output clock starts (from {@code RtmpIngest#onHlsOrigin}). */
  public void origin(HlsRemuxer.Origin origin) {
    if (this.origin == null) {
      this.origin = origin;
    }
  }

  /** A confirmed cue, in order. */
  public void addCue(CueLayout.Cue cue) {
    segmenter.addCue(cue);
  }

  /** Every cue that starts before {@code streamMs} has been given. */
  public void settled(long streamMs) {
    long before = segmenter.settledMs();
    segmenter.settledUntil(streamMs);
    if (segmenter.settledMs() > before && segmenter.waitingCount() > 0 && work.isComplete()) {
      step(false);
    }
  }

  /**
   * The captions are complete: once {@code mediaDone} (the remuxer has finished its playlist),
   * the last segments are published and the playlist ends. Completes when written.
   */
  public Future<Void> finish(Future<Void> mediaDone) {
    if (finishing == null) {
      finished = true;
      vertx.cancelTimer(timer);
      finishing = mediaDone.transform(done -> step(true));
    }
    return finishing;
  }

  /** The stream stopped without finishing: no more work. */
  public void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }

  private void poll() {
    if (!closed && !finished && work.isComplete() && (follows || !pushed.isEmpty() || segmenter.waitingCount() > 0)) {
      step(false);
    }
  }

  /** One round: read new video segments, publish what may go, write. */
  private Future<Void> step(boolean last) {
    work = work.transform(previous -> readNewSegments()).map(found -> {
      long now = System.nanoTime() / 1_000_000;
      for (SubtitleSegmenter.VideoSegment segment : found) {
        segmenter.addVideo(segment, now);
      }
      if (last) {
        segmenter.finish();
      }
      return segmenter.publish(now);
    }).compose(published -> {
      boolean ended = last && (videoEnded || !follows);
      if (published.isEmpty() && !ended) {
        return Future.succeededFuture();
      }
      for (SubtitleSegmenter.Published p : published) {
        if (p.segment().sequence() <= lastMeasured) {
          continue; // the last segment again, with cues confirmed after the video ended
        }
        lastMeasured = p.segment().sequence();
        DistributionSummary.builder("captiond.subtitles.holdback").baseUnit("milliseconds")
            .description("How long a subtitle segment waited after its video segment, for its captions")
            .tag("reason", p.reason().name().toLowerCase(java.util.Locale.ROOT))
            .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(meters).record(p.heldMs());
      }
      List<SubtitleSegmenter.Segment> added = published.stream().map(SubtitleSegmenter.Published::segment).toList();
      List<SubtitleSegmenter.Segment> window = segmenter.window();
      int target = targetSeconds;
      return vertx.executeBlocking(() -> {
        writer.write(added, window, target, ended);
        return null;
      });
    }).recover(error -> {
      if (!String.valueOf(error.getMessage()).equals(lastError)) {
        lastError = String.valueOf(error.getMessage());
        LOG.warning(() -> "stream " + streamId + ": subtitle rendition: " + error.getMessage());
      }
      return Future.succeededFuture();
    }).mapEmpty();
    return work;
  }

  /** On a worker: the video segments listed after the last one known, with their times. */
  private Future<List<SubtitleSegmenter.VideoSegment>> readNewSegments() {
    if (!follows) {
      List<SubtitleSegmenter.VideoSegment> found = List.copyOf(pushed);
      pushed.clear();
      return Future.succeededFuture(found);
    }
    if (origin == null || closed) {
      return Future.succeededFuture(List.of());
    }
    HlsRemuxer.Origin start = origin;
    return vertx.executeBlocking(() -> {
      Path index = dir.resolve(HlsRemuxer.MEDIA);
      byte[] body;
      try {
        body = Files.readAllBytes(index);
      } catch (NoSuchFileException e) {
        return List.of();
      }
      MediaPlaylist playlist;
      try {
        // The parser resolves segment URIs against an http(s) base; only their file names are used.
        if (!(new PlaylistParser(PLAYLIST_MAX_BYTES, 100_000).parse(PLAYLIST_BASE, body) instanceof MediaPlaylist media)) {
          throw new IOException(index + " is not a media playlist");
        }
        playlist = media;
      } catch (HlsPlaylistException e) {
        throw new IOException("cannot read the video playlist: " + e.getMessage(), e);
      }
      targetSeconds = (int) Math.max(settings.segmentSeconds(), (playlist.targetDurationMs() + 999) / 1000);
      videoEnded = playlist.endList();
      List<SubtitleSegmenter.VideoSegment> found = new ArrayList<>();
      for (MediaSegment segment : playlist.segments()) {
        if (segment.sequence() < nextSequence()) {
          continue;
        }
        found.add(videoSegment(segment, start));
      }
      return found;
    });
  }

  private long known = -1;

  private long nextSequence() {
    return known + 1;
  }

  // Worker thread; the fields it sets are read only by later steps, which the work chain orders.
  private SubtitleSegmenter.VideoSegment videoSegment(MediaSegment segment, HlsRemuxer.Origin start) {
    known = segment.sequence();
    String path = segment.uri().getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    Path file = dir.resolve(SEGMENT_NAME.matcher(name).matches() ? name : "unexpected-segment-name.ts");
    List<TsTimestamps.Track> tracks = null;
    try {
      tracks = TsTimestamps.firstPts(readPrefix(file));
    } catch (IOException | TsFormatException e) {
      LOG.warning(() -> "stream " + streamId + ": cannot read where " + file.getFileName() + " starts ("
          + e.getMessage() + "); its subtitles follow the previous segment's end");
    }
    if (clock == null && tracks != null) {
      clock = anchor(tracks, start, segment.sequence());
    }
    if (clock == null) {
      clock = new TimestampMap(0, 0);
      LOG.warning(() -> "stream " + streamId + ": no anchor between stream time and the video's PTS;"
          + " assuming PTS = 90 x stream ms");
    }
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
        clock.segmentHeader(pts, startMs));
  }

  private TimestampMap anchor(List<TsTimestamps.Track> tracks, HlsRemuxer.Origin start, long sequence) {
    if (sequence != 0) {
      LOG.warning(() -> "stream " + streamId + ": the first video segment seen is " + sequence
          + ", not 0: cannot anchor subtitle time to it");
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
            + " (" + track.kind().name().toLowerCase(java.util.Locale.ROOT) + "; offset "
            + (anchored.toTicks(0)) + " ticks)");
      } else if (Math.abs(map.toStreamMs(track.firstPts(), ms) - ms) > 1) {
        long seen = map.toStreamMs(track.firstPts(), ms);
        LOG.warning(() -> "stream " + streamId + ": HLS clock: " + track.kind() + " starts at PTS "
            + track.firstPts() + ", stream " + seen + " ms by the video's anchor, but was sent at " + ms + " ms");
      }
    }
    return map;
  }

  private static byte[] readPrefix(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SEGMENT_PREFIX_BYTES);
    }
  }
}
