package io.captiond.ingest.sources;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.ingest.hls.HlsSource;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.SourceSegment;
import io.captiond.ingest.publish.RtmpIngest;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.ingest.pull.PullSource;
import io.captiond.ingest.srt.SrtException;
import io.captiond.ingest.srt.SrtIngest;
import io.captiond.ingest.srt.SrtPorts;
import io.captiond.ingest.srt.SrtSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Starts the source a stream's {@link SourceSpec} names (pull, HLS, RTMP, SRT): the one place that knows the kinds of
 * source. Whatever the kind, the source puts PCM chunks and one end event on the stream's bus
 * addresses, and its session holds only the {@link IngestHandle}. Call on the session's context.
 */
public final class Sources {

  private final Vertx vertx;
  private final PullSettings pull;
  private final HlsSettings hls;
  private final RtmpIngestSettings rtmp;
  private final MeterRegistry meters;
  private final SrtPorts srt;

  public Sources(Vertx vertx, PullSettings pull, HlsSettings hls, RtmpIngestSettings rtmp, MeterRegistry meters) {
    this(vertx, pull, hls, rtmp, meters, new SrtPorts(SrtSettings.defaults()));
  }

  /** @param srt the node's SRT listening ports, shared by its streams */
  public Sources(Vertx vertx, PullSettings pull, HlsSettings hls, RtmpIngestSettings rtmp, MeterRegistry meters,
      SrtPorts srt) {
    this.vertx = vertx;
    this.pull = pull;
    this.hls = hls;
    this.rtmp = rtmp;
    this.meters = meters;
    this.srt = srt;
  }

  /**
   * Starts the stream's source.
   *
   * @param hlsDir where an RTMP source re-publishes its media as HLS
   * @param resumeAtMs for a stream resumed after a restart, where its stream time goes on (after its last
   *     caption); -1 for a new stream
   * @param followers asked, when the source offers video that can be followed, for what follows it
   *     (may answer {@code null}: nothing does)
   */
  public IngestHandle start(String streamId, SourceSpec spec, Path hlsDir, long resumeAtMs,
      Function<VideoFollower.Kind, VideoFollower> followers) {
    return start(streamId, null, spec, hlsDir, resumeAtMs, followers);
  }

  /**
   * As above, for a source that needs the stream's key (an SRT listener takes it as passphrase).
   */
  public IngestHandle start(String streamId, String key, SourceSpec spec, Path hlsDir, long resumeAtMs,
      Function<VideoFollower.Kind, VideoFollower> followers) {
    return switch (spec.type()) {
      case PULL -> startPull(streamId, spec);
      case HLS -> startHls(streamId, spec, resumeAtMs, followers.apply(VideoFollower.Kind.SOURCE_HLS));
      case RTMP -> startRtmp(streamId, hlsDir, resumeAtMs, followers);
      case SRT -> startSrt(streamId, key, spec, hlsDir, followers);
    };
  }

  private IngestHandle startPull(String streamId, SourceSpec spec) {
    Timer decodeTimer = Timer.builder("captiond.decode").tag("source", "pull")
        .description("FFmpeg time to read and decode one audio frame to 16 kHz PCM").register(meters);
    PullSource source = new PullSource(streamId, spec, pull,
        SourceThread.pcmSink(vertx, streamId, spec.realtime()), decodeTimer);
    return SourceThread.start(vertx, streamId, "pull", source::run, source::stop);
  }

  private IngestHandle startHls(String streamId, SourceSpec spec, long resumeAtMs, VideoFollower follower) {
    HlsSource source = new HlsSource(streamId, URI.create(spec.url()), spec.realtime(), hls,
        SourceThread.pcmSink(vertx, streamId, spec.realtime()), resumeAtMs);
    if (follower != null) {
      source.listener(onContext(vertx.getOrCreateContext(), follower));
    }
    return SourceThread.start(vertx, streamId, "hls", source::run, source::stop);
  }

  private IngestHandle startRtmp(String streamId, Path hlsDir, long resumeAtMs,
      Function<VideoFollower.Kind, VideoFollower> followers) {
    RtmpIngest source = RtmpIngest.start(vertx, streamId, rtmp, hlsDir, meters, resumeAtMs);
    if (rtmp.hlsEnabled()) {
      VideoFollower follower = followers.apply(VideoFollower.Kind.REMUXED);
      if (follower != null) {
        source.onHlsOrigin(follower::remuxOrigin);
      }
    }
    return source;
  }

  private IngestHandle startSrt(String streamId, String key, SourceSpec spec, Path hlsDir,
      Function<VideoFollower.Kind, VideoFollower> followers) {
    SrtIngest source;
    if (spec.url() != null) {
      source = SrtIngest.call(vertx, streamId, spec.url(), srt.settings(), rtmp, hlsDir, meters);
    } else {
      try {
        source = SrtIngest.listen(vertx, streamId, key, srt, rtmp, hlsDir, meters);
      } catch (SrtException e) {
        vertx.eventBus().send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.FAILED,
            e.getMessage()));
        return () -> {};
      }
    }
    if (rtmp.hlsEnabled()) {
      VideoFollower follower = followers.apply(VideoFollower.Kind.REMUXED);
      if (follower != null) {
        source.onHlsOrigin(follower::remuxOrigin);
      }
    }
    return source;
  }

  /** The HLS source calls its listener on its own thread; the follower hears it on the session's context. */
  private static HlsSource.Listener onContext(Context context, VideoFollower follower) {
    return new HlsSource.Listener() {
      @Override
      public void opened(MasterPlaylist master, URI mediaPlaylist) {
        context.runOnContext(v -> follower.sourceOpened(master, mediaPlaylist));
      }

      @Override
      public void segment(SourceSegment segment) {
        context.runOnContext(v -> follower.sourceSegment(segment));
      }
    };
  }
}
