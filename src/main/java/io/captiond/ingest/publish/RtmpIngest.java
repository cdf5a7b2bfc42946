package io.captiond.ingest.publish;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.RemuxContinuation;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The RTMP source of one stream, held by its session and living on the session's context: it
 * answers publish claims for the stream (one publisher at a time; a second is refused, or takes
 * over when {@code rtmp.allow_takeover}), starts the audio decoder (on the shared decode threads) and
 * the HLS output (on the shared HLS threads) at the first publish, and keeps the stream open for
 * {@code rtmp.reconnect_grace_ms} after its publisher left.
 * When a publisher leaves, what it sent is decoded at once and the session hears PAUSED
 * ({@link PublishedAudio}); when the grace runs out the pipes close, the decoder drains and reports
 * ENDED "publisher left".
 */
public final class RtmpIngest implements IngestHandle {

  private static final Logger LOG = Logger.getLogger(RtmpIngest.class.getName());
  static final String PUBLISHER_LEFT = "publisher left";
  /** A grant nobody uses (the claim's reply was lost, the publisher sends nothing usable) is taken back. */
  static final long FIRST_MEDIA_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final Context context;
  private final String streamId;
  private final RtmpIngestSettings config;
  private final Path hlsDir;
  private final IngestMeters meters;
  private final StreamMedia media;
  private final MessageConsumer<PublishClaim> consumer;
  private PublisherFeed current;
  private PublishedAudio audio;
  private boolean started;
  private boolean finished;
  private volatile boolean stopped;
  // stopped for a node restart: the HLS playlist stays open
  private volatile boolean suspended;
  private long graceTimer = -1;
  private long leftAtNanos;
  private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
  private final Promise<Void> threadsDone = Promise.promise();
  private java.util.function.Consumer<HlsRemuxer.Origin> originListener = origin -> {};

  private RtmpIngest(Vertx vertx, String streamId, RtmpIngestSettings config, Path hlsDir,
      MeterRegistry registry, long resumeAtMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.streamId = streamId;
    this.config = config;
    this.hlsDir = hlsDir;
    this.meters = new IngestMeters(registry, streamId);
    this.media = new StreamMedia(streamId, config.audioBufferBytes(), config.mediaBufferBytes(),
        config.hlsEnabled(), config.decodeAudio(), meters, resumeAtMs);
    this.consumer = vertx.eventBus().localConsumer(Addresses.rtmpPublish(streamId), this::onClaim);
  }

  /** Call on the session's context: claims are answered there. */
  public static RtmpIngest start(Vertx vertx, String streamId, RtmpIngestSettings config, Path hlsDir,
      MeterRegistry registry) {
    return start(vertx, streamId, config, hlsDir, registry, -1);
  }

  /**
   * @param resumeAtMs for a stream resumed after a restart, where its stream time goes on: its first
   *     publisher continues there, as a returning one would (-1 for a new stream)
   */
  public static RtmpIngest start(Vertx vertx, String streamId, RtmpIngestSettings config, Path hlsDir,
      MeterRegistry registry, long resumeAtMs) {
    return new RtmpIngest(vertx, streamId, config, hlsDir, registry, resumeAtMs);
  }

  /**
   * Hears, on the session's context, where the HLS output's clock starts (once, about a segment
   * after the first publish). Set it right after {@link #start}.
   */
  public void onHlsOrigin(java.util.function.Consumer<HlsRemuxer.Origin> listener) {
    this.originListener = listener;
  }

  /** Every media tag passes {@code tap} on its way to the HLS remuxer. Set it right after {@link #start}. */
  @Override
  public void tapMedia(io.captiond.media.embed.MediaTap tap) {
    media.tap(tap);
  }

  private void onClaim(Message<PublishClaim> message) {
    PublishClaim claim = message.body();
    if (stopped || finished) {
      message.reply(new ClaimReply.Refused("stream " + streamId + " has ended"));
      return;
    }
    if (current != null) {
      if (!config.allowTakeover()) {
        LOG.info(() -> "stream " + streamId + ": refused a second publisher from " + claim.remote()
            + " while " + current.remote() + " publishes");
        message.reply(new ClaimReply.Refused("stream " + streamId
            + " already has a live publisher (rtmp.allow_takeover is false)"));
        return;
      }
      PublisherFeed old = current;
      LOG.info(() -> "stream " + streamId + ": publisher " + claim.remote() + " takes over from "
          + old.remote());
      old.revoke("replaced by a new publisher from " + claim.remote());
    }
    cancelGrace();
    PublisherFeed feed = new PublisherFeed(media, claim.remote(),
        (ended, reason) -> context.runOnContext(v -> onFeedEnded(ended, reason)));
    boolean returning = started;
    media.attach(feed);
    current = feed;
    if (returning) {
      meters.reconnects.increment();
      long away = leftAtNanos == 0 ? 0 : (System.nanoTime() - leftAtNanos) / 1_000_000;
      LOG.info(() -> "stream " + streamId + ": publisher " + claim.remote() + " continues the stream"
          + (away > 0 ? " after " + away + " ms without one" : ""));
    } else {
      startReaders();
      LOG.info(() -> "stream " + streamId + ": publisher " + claim.remote() + " accepted");
    }
    message.reply(new ClaimReply.Granted(streamId, feed));
    vertx.setTimer(FIRST_MEDIA_TIMEOUT_MS, id -> {
      if (feed == current && !feed.receivedMedia()) {
        String reason = "no AAC or H.264 media within " + FIRST_MEDIA_TIMEOUT_MS + " ms of the publish";
        feed.revoke(reason);
        onFeedEnded(feed, reason);
      }
    });
  }

  private void onFeedEnded(PublisherFeed feed, String reason) {
    if (feed != current || stopped || finished) {
      return;
    }
    current = null;
    leftAtNanos = System.nanoTime();
    LOG.info(() -> "stream " + streamId + ": publisher " + feed.remote() + " left (" + reason
        + "); the stream waits " + config.reconnectGraceMs() + " ms for it to come back");
    if (audio != null) {
      audio.publisherLeft();
    }
    graceTimer = vertx.setTimer(Math.max(1, config.reconnectGraceMs()), id -> {
      graceTimer = -1;
      if (current == null && !stopped) {
        LOG.info(() -> "stream " + streamId + ": no publisher came back within "
            + config.reconnectGraceMs() + " ms; ending the stream");
        finished = true;
        media.finish();
      }
    });
  }

  private void cancelGrace() {
    if (graceTimer >= 0) {
      vertx.cancelTimer(graceTimer);
      graceTimer = -1;
    }
  }

  private void startReaders() {
    started = true;
    EventBus bus = vertx.eventBus();
    running.set((config.hlsEnabled() ? 1 : 0) + (config.decodeAudio() ? 1 : 0));
    if (config.decodeAudio()) {
      audio = PublishedAudio.start(vertx, streamId, media, config.chunkMs(), () -> stopped, this::threadDone);
    }
    if (config.hlsEnabled()) {
      PublishedHls.start(streamId, media, hlsDir, config.hls(), () -> stopped,
          origin -> context.runOnContext(v -> originListener.accept(origin)), failure -> {
            media.closeMedia();
            if (suspended) {
              RemuxContinuation.keepOpen(streamId, hlsDir, config.hls().playlist());
            }
            if (failure != null) {
              LOG.warning(() -> "stream " + streamId + ": " + failure
                  + (config.decodeAudio() ? "; captions go on without HLS" : ""));
            }
            if (!config.decodeAudio()) { // no decoder to tell the session that the source ended
              bus.send(Addresses.ingest(streamId), failure == null
                  ? new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped ? "stopped" : PUBLISHER_LEFT)
                  : new IngestEvent(streamId, IngestEvent.Kind.FAILED, failure));
            }
            threadDone();
          });
    }
  }

  private void threadDone() {
    if (running.decrementAndGet() == 0) {
      threadsDone.tryComplete();
    }
  }

  /** Completes when the decoder and remuxer threads have ended (at once if they never started). */
  @Override
  public Future<Void> whenStopped() {
    return threadsDone.future();
  }

  @Override
  public void suspend() {
    suspended = true;
    stop();
  }

  @Override
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    context.runOnContext(v -> {
      cancelGrace();
      consumer.unregister();
      if (current != null) {
        current.revoke("stream " + streamId + " stopped");
        current = null;
      }
      media.abort();
      meters.remove();
      if (!started) {
        threadsDone.tryComplete();
      }
    });
  }
}
