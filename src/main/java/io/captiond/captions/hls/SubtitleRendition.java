package io.captiond.captions.hls;

import io.captiond.files.AtomicFiles;
import io.captiond.captions.CueLayout;
import io.captiond.captions.CueTrack;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.SourceSegment;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The HLS subtitle rendition of one stream, written beside its video in the stream's HLS folder.
 * Its session feeds it confirmed cues and how far captions are settled; in each step it asks its
 * {@link VideoSegments} for new video segments and publishes WebVTT segments on the same boundaries
 * and sequence numbers through a {@link SubtitleSegmenter}, written by a
 * {@link SubtitlePlaylistWriter}. Lives on the session's context; file work runs on worker threads,
 * one step at a time.
 *
 * <p>A step runs only when it can find something to do: news (the muxer reports a changed playlist, an HLS
 * source a segment, the captions settle further, a transcription or the source's end moves a hold-back), or
 * the time at which the segmenter's next waiting segment falls due ({@link SubtitleSegmenter#nextDueMs}), the
 * video is to be looked at again ({@link VideoSegments#nextLookMs}) or a failed write retried; one timer is
 * set for the soonest of those. Polling every 250 ms instead cost each stream four steps a second while its
 * segments waited for their captions.
 *
 * <p>Two kinds of video: beside the local remuxer ({@link #start}) the rendition follows the
 * remuxer's media playlist ({@link RemuxerVideo}, anchored by {@link #origin}); beside an HLS
 * source ({@link #startBeside}) the source reports each MPEG-TS segment it placed in stream time
 * ({@link #sourceSegment}, {@link HlsSourceVideo}), and the master it was opened with is served
 * with its variants pointing at the source ({@link #sourceOpened}).
 *
 * <p>A failed write (a full disk) stops nothing: the segments it did not write are kept
 * ({@link UnwrittenSegments}) and written again, with back-off, with the next ones.
 */
public final class SubtitleRendition implements CueTrack {

  /**
   * @param enabled write the rendition for RTMP sources re-published as HLS
   * @param holdbackMs the longest a segment waits for its captions to be confirmed
   * @param windowSegments segments in the live playlist (as the video's)
   * @param segmentSeconds the video's target segment duration
   * @param synced hold the served video too: a video segment is listed only with its subtitle segment, so
   *     players have the cues before the frames they belong to (the video is delayed by the caption lag);
   *     false ({@code live}): the video is listed as the muxer finishes it, the subtitles follow
   * @param videoDelayMs synced: the least delay between a video segment's end being seen and its listing, the
   *     one a stream starts with ({@link SteadyVideoDelay}; at most {@link #longestHoldMs})
   */
  public record Settings(boolean enabled, long holdbackMs, int windowSegments, int segmentSeconds, boolean synced,
      long videoDelayMs) {

    public Settings {
      if (videoDelayMs < 0) {
        throw new IllegalArgumentException("the least video delay cannot be negative, was " + videoDelayMs + " ms");
      }
    }

    /** No least video delay: synced, it is only what the segments waited for their captions. */
    public Settings(boolean enabled, long holdbackMs, int windowSegments, int segmentSeconds, boolean synced) {
      this(enabled, holdbackMs, windowSegments, segmentSeconds, synced, 0);
    }

    public Settings(boolean enabled, long holdbackMs, int windowSegments, int segmentSeconds) {
      this(enabled, holdbackMs, windowSegments, segmentSeconds, false);
    }

    /** The same, synced or not (beside the remuxer: as its playlist is held or not). */
    public Settings withSynced(boolean held) {
      return new Settings(enabled, holdbackMs, windowSegments, segmentSeconds, held, videoDelayMs);
    }
  }

  private static final Logger LOG = Logger.getLogger(SubtitleRendition.class.getName());
  /** The least time between a step that failed and the next. */
  static final long POLL_MS = 250;

  private final Vertx vertx;
  private final String streamId;
  private final Path dir;
  private final VideoSegments video;
  private final SubtitleSegmenter segmenter;
  private final SubtitlePlaylistWriter writer;
  private final MeterRegistry meters;
  private final CueAvailability availability;
  private final boolean synced;
  private final Context context;
  private final StepTimer timer;
  private long notBeforeMs = Long.MIN_VALUE;
  private boolean finished;
  private boolean closed;
  private Future<Void> work = Future.succeededFuture();
  private String lastError;
  private Future<Void> finishing;
  private long lastMeasured = -1;
  private final UnwrittenSegments unwritten = new UnwrittenSegments();

  private SubtitleRendition(Vertx vertx, String streamId, Path dir, Settings settings, MeterRegistry meters,
      VideoSegments video) {
    this(vertx, streamId, dir, dir, settings, meters, video);
  }

  /** @param trackDir where this rendition's playlist and segments go ({@code dir} for the source's own) */
  private SubtitleRendition(Vertx vertx, String streamId, Path dir, Path trackDir, Settings settings,
      MeterRegistry meters, VideoSegments video) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.dir = dir;
    this.video = video;
    this.meters = meters;
    this.synced = settings.synced();
    this.availability = new CueAvailability(meters, settings.windowSegments() * 2);
    // Synced, the listing is the served video's: paced, so it reaches players at an even pace.
    this.segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(settings.holdbackMs(),
        settings.windowSegments(), settings.synced() ? startSegments(settings) : 0,
        longestHoldMs(settings), settings.synced() ? settings.videoDelayMs() : SubtitleSegmenter.Config.NOT_PACED));
    this.writer = new SubtitlePlaylistWriter(trackDir, settings.synced(), startSegments(settings));
    // Beside the remuxer, which goes on with its playlist after a restart, the window published before it
    // goes on too (PublishedWindow). Otherwise subs.m3u8 appears with its first segment (an empty live
    // playlist is an error to hls.js); until then the master is not served. Playlists left from an earlier
    // run go now.
    this.work = vertx.executeBlocking(() -> {
      if (video instanceof RemuxerVideo) {
        PublishedWindow.Restored restored = PublishedWindow.read(trackDir);
        if (!restored.isEmpty()) {
          return restored;
        }
      }
      Files.deleteIfExists(trackDir.resolve(SubtitlePlaylistWriter.PLAYLIST));
      if (settings.synced()) {
        Files.deleteIfExists(dir.resolve(HlsFolder.MEDIA));
      }
      return PublishedWindow.Restored.NONE;
    }).map(this::resume).recover(error -> {
      LOG.warning(() -> "stream " + streamId + ": subtitle rendition: " + error.getMessage());
      return Future.succeededFuture();
    });
    this.context = vertx.getOrCreateContext();
    this.timer = new StepTimer(vertx, this::schedule);
    video.onNews(() -> context.runOnContext(v -> schedule()));
    work.onComplete(done -> schedule());
  }

  /** On the session's context: go on after the window published before a restart, if there was one. */
  private Void resume(PublishedWindow.Restored restored) {
    if (restored.isEmpty() || !(video instanceof RemuxerVideo remuxer)) {
      return null;
    }
    SubtitleSegmenter.VideoSegment last = restored.last();
    segmenter.resume(restored.segments());
    remuxer.resume(last.sequence(), last.endMs(), restored.lastClock());
    lastMeasured = last.sequence();
    LOG.info(() -> "stream " + streamId + ": subtitle rendition goes on after segment " + last.sequence() + " ("
        + restored.segments().size() + " published before the restart, until " + last.endMs() + " ms)");
    return null;
  }

  /**
   * The longest a segment waits for an engine that has not transcribed its audio (a busy machine): the
   * hold-back budget counts from when it has, so the video waits for its captions rather than going out
   * without them, up to this. A window and a segment: the remuxer keeps a held segment's file a window and two
   * segments beyond its own list ({@code HlsRemuxer.Settings#deleteThreshold}), and the held list still names
   * it for a window after it went out, so a longer hold would list files already deleted.
   */
  public static long longestHoldMs(Settings settings) {
    return Math.max(settings.holdbackMs(), (settings.windowSegments() + 1L) * settings.segmentSeconds() * 1000);
  }

  /** The segments the held playlists first appear with; until they are out no player watches. */
  private static int startSegments(Settings settings) {
    return Math.min(SubtitlePlaylistWriter.START_SEGMENTS, settings.windowSegments());
  }

  /** Beside the local remuxer, following its playlist. Call on the session's context. */
  public static SubtitleRendition start(Vertx vertx, String streamId, Path hlsDir, Settings settings,
      MeterRegistry meters) {
    return new SubtitleRendition(vertx, streamId, hlsDir, settings, meters,
        new RemuxerVideo(vertx, streamId, hlsDir, settings.synced() ? HlsFolder.REMUXED : HlsFolder.MEDIA,
            settings.segmentSeconds()));
  }

  /** Beside an HLS source: fed by {@link #sourceOpened} and {@link #sourceSegment}. Call on the session's context. */
  public static SubtitleRendition startBeside(Vertx vertx, String streamId, Path hlsDir, Settings settings,
      MeterRegistry meters) {
    return new SubtitleRendition(vertx, streamId, hlsDir, settings, meters,
        new HlsSourceVideo(settings.segmentSeconds()));
  }

  /**
   * Another track beside the same video (a translation), written into {@code trackDir}: the same segment
   * boundaries, sequence numbers, timestamp map and hold-back as the stream's own rendition, which alone
   * writes the master and, synced, the served video playlist. Beside the remuxer it follows the same
   * remuxer playlist; beside an HLS source it is fed the same segments. Call on the session's context.
   */
  public static SubtitleRendition startTrack(Vertx vertx, String streamId, Path hlsDir, Path trackDir,
      Settings settings, boolean besideRemuxer) {
    VideoSegments video = besideRemuxer
        ? new RemuxerVideo(vertx, streamId, hlsDir, settings.synced() ? HlsFolder.REMUXED : HlsFolder.MEDIA,
            settings.segmentSeconds())
        : new HlsSourceVideo(settings.segmentSeconds());
    // its hold-back and availability figures are not mixed into the source rendition's
    return new SubtitleRendition(vertx, streamId, hlsDir, trackDir, settings.withSynced(false),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), video);
  }

  /**
   * Beside an HLS source, its playlist: the master served is its variants plus the subtitles; in synced
   * mode, the variant followed, pointing at the held video playlist written here.
   */
  public void sourceOpened(MasterPlaylist master, URI mediaPlaylist) {
    String text = synced ? SubtitleGroup.heldSourceMaster(master, mediaPlaylist, HlsFolder.MEDIA)
        : SubtitleGroup.sourceMaster(master, mediaPlaylist);
    work = work.compose(v -> vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      AtomicFiles.replace(dir.resolve(HlsFolder.MASTER), text);
      return null;
    })).recover(error -> {
      LOG.warning(() -> "stream " + streamId + ": cannot write the master playlist: " + error.getMessage());
      return Future.succeededFuture();
    }).mapEmpty();
    work.onComplete(done -> schedule());
  }

  /** Beside an HLS source, a segment of it placed in stream time: its subtitle segment follows it. */
  public void sourceSegment(SourceSegment segment) {
    if (video instanceof HlsSourceVideo source) {
      source.add(segment);
      schedule();
    }
  }

  /** Beside the remuxer, where its output clock starts (from {@code RtmpIngest#onHlsOrigin}). */
  public void origin(HlsRemuxer.Origin origin) {
    if (video instanceof RemuxerVideo remuxer) {
      remuxer.origin(origin);
      schedule();
    }
  }

  /** A confirmed cue, in order. */
  public void addCue(CueLayout.Cue cue) {
    segmenter.addCue(cue);
  }

  @Override
  public void transcribed(long streamMs) {
    segmenter.transcribedUntil(streamMs, now());
    if (segmenter.waitingCount() > 0) {
      schedule(); // a hold-back may have started
    }
  }

  @Override
  public List<Long> dueBoundariesMs() {
    return segmenter.waitingEndsMs();
  }

  /** Every cue that starts before {@code streamMs} has been given. */
  public void settled(long streamMs) {
    long before = segmenter.settledMs();
    segmenter.settledUntil(streamMs, now());
    if (segmenter.settledMs() > before && segmenter.waitingCount() > 0) {
      schedule();
    }
  }

  /** The source has ended: the segments still waiting wait for the last captions (bounded), not their budget. */
  @Override
  public void sourceEnded() {
    segmenter.sourceEnded(now());
    schedule();
  }

  /**
   * The captions are complete: once {@code mediaDone} (the remuxer has finished its playlist),
   * the last segments are published and the playlist ends. Completes when written.
   */
  public Future<Void> finish(Future<Void> mediaDone) {
    if (finishing == null) {
      finished = true;
      finishing = mediaDone.transform(done -> step(true));
    }
    return finishing;
  }

  /** The stream stopped without finishing: no more work. */
  public void close() {
    closed = true;
    video.close();
    timer.cancel();
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  /**
   * On the context: runs a step now if one is due, else sets the one timer for the soonest time one can be. A
   * step in flight schedules again when it completes.
   */
  private void schedule() {
    if (closed || !work.isComplete()) {
      return;
    }
    long now = now();
    long at = Math.max(nextStepAtMs(now), notBeforeMs);
    if (at <= now || at == Long.MAX_VALUE) {
      timer.cancel();
      if (at <= now) {
        step(false);
      }
    } else {
      timer.atOrBefore(at, now);
    }
  }

  /** When the next step can find something to do; {@link Long#MAX_VALUE} when only news can bring any. */
  private long nextStepAtMs(long now) {
    long retry = unwritten.isEmpty() ? Long.MAX_VALUE : unwritten.retryAtMs();
    if (finished) {
      return retry; // the last step is on its way, or done
    }
    return Math.min(retry, Math.min(video.nextLookMs(now), segmenter.nextDueMs()));
  }

  /** One round: read new video segments, publish what may go, write. */
  private Future<Void> step(boolean last) {
    work = work.transform(previous -> video.next()).map(found -> {
      long now = now();
      for (SubtitleSegmenter.VideoSegment segment : found) {
        segmenter.addVideo(segment, now);
      }
      if (last) {
        segmenter.finish();
      }
      return segmenter.publish(now);
    }).compose(published -> {
      boolean ended = last && video.ended() || unwritten.ended();
      if (published.isEmpty() && !ended && unwritten.isEmpty()) {
        return Future.succeededFuture();
      }
      for (SubtitleSegmenter.Published p : published) {
        if (p.segment().sequence() <= lastMeasured) {
          continue; // the last segment again, with cues confirmed after the video ended
        }
        lastMeasured = p.segment().sequence();
        LOG.fine(() -> "stream " + streamId + ": subtitle segment " + p.segment().sequence() + " ["
            + p.segment().video().startMs() + ", " + p.segment().video().endMs() + ") out: " + p.reason() + " after "
            + p.heldMs() + " ms (its captions ready after " + p.waitedMs() + " ms), cues "
            + p.segment().cues().stream().map(c -> c.startMs() + "-" + c.endMs()).toList()
            + ", captions settled until " + segmenter.settledMs() + ", hold-back now " + segmenter.holdbackBudgetMs()
            + " ms, video delay now " + segmenter.videoDelayMs() + " ms");
        DistributionSummary.builder("captiond.subtitles.holdback").baseUnit("milliseconds")
            .description("How long a subtitle segment waited after its video segment, for its captions")
            .tag("reason", p.reason().name().toLowerCase(Locale.ROOT))
            .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(meters).record(p.waitedMs());
        // Synced: the video segment is listed now, with its subtitles; live: the muxer listed it when seen.
        availability.published(p.segment(), synced ? now() : now() - p.heldMs(), now(), synced ? p.heldMs() : 0);
      }
      List<SubtitleSegmenter.Segment> window = segmenter.window();
      List<SubtitleSegmenter.Segment> added = unwritten.with(
          published.stream().map(SubtitleSegmenter.Published::segment).toList(), window);
      int target = video.targetSeconds();
      return vertx.<Void>executeBlocking(() -> {
        writer.write(added, window, target, ended);
        return null;
      }).onSuccess(v -> {
        if (!unwritten.isEmpty()) {
          LOG.info(() -> "stream " + streamId + ": subtitle rendition written again");
          lastError = null;
        }
        unwritten.written();
      }).onFailure(error -> unwritten.failed(added, ended, now()));
    }).recover(error -> {
      notBeforeMs = now() + POLL_MS; // what failed may fail again at once: not in a loop
      if (!String.valueOf(error.getMessage()).equals(lastError)) {
        lastError = String.valueOf(error.getMessage());
        LOG.warning(() -> "stream " + streamId + ": subtitle rendition: " + error.getMessage());
      }
      return Future.succeededFuture();
    }).mapEmpty();
    Future<Void> step = work;
    step.onComplete(done -> schedule());
    return step;
  }
}
