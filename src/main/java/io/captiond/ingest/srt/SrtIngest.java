package io.captiond.ingest.srt;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.RemuxContinuation;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The SRT source of one stream: a receiver thread takes the publisher's connections
 * ({@link SrtReceiver}), and from the first one on an audio decoder ({@link SrtAudio}) and, with
 * {@code hls_out.enabled}, the HLS remuxer read the stream's MPEG-TS ({@link TsPipes}), as for an
 * RTMP publish. Reconnect grace, chunk size and pipe bounds are the RTMP ingest's settings.
 */
public final class SrtIngest implements IngestHandle {

  private static final Logger LOG = Logger.getLogger(SrtIngest.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final String streamId;
  private final RtmpIngestSettings media;
  private final Path hlsDir;
  private final TsPipes pipes;
  private final Runnable closed;
  private final SrtMeters meters;
  private final AtomicInteger running = new AtomicInteger(1);
  private final Promise<Void> threadsDone = Promise.promise();
  private volatile boolean stopped;
  // stopped for a node restart: the HLS playlist stays open
  private volatile boolean suspended;
  private SrtAudio audio;
  private Consumer<HlsRemuxer.Origin> originListener = origin -> {};

  private SrtIngest(Vertx vertx, String streamId, RtmpIngestSettings media, Path hlsDir, Runnable closed,
      MeterRegistry registry) {
    this.meters = new SrtMeters(registry, streamId);
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.streamId = streamId;
    this.media = media;
    this.hlsDir = hlsDir;
    this.closed = closed;
    this.pipes = new TsPipes(streamId, Math.max(media.audioBufferBytes(), media.mediaBufferBytes()),
        media.hlsEnabled() ? media.mediaBufferBytes() : 0, meters.bufferFull::increment);
  }

  /**
   * Listens for the stream's publisher on a port of {@code srt.port_range}, the stream key as
   * passphrase; the port is given back when the stream stops. Call on the session's context.
   */
  public static SrtIngest listen(Vertx vertx, String streamId, String key, SrtPorts ports,
      RtmpIngestSettings media, Path hlsDir, MeterRegistry registry) throws SrtException {
    int port = ports.take(streamId);
    SrtEndpoint endpoint;
    try {
      endpoint = SrtEndpoint.listener(ports.settings(), port, key);
    } catch (IllegalArgumentException e) {
      ports.release(streamId);
      throw new SrtException(e.getMessage());
    }
    LOG.info(() -> "stream " + streamId + ": waiting for an SRT publisher on " + endpoint.shown());
    return start(vertx, streamId, endpoint, media, hlsDir, () -> ports.release(streamId), registry);
  }

  /** Calls the encoder's SRT listener at {@code url} (and again after it drops, within the grace). */
  public static SrtIngest call(Vertx vertx, String streamId, String url, SrtSettings settings,
      RtmpIngestSettings media, Path hlsDir, MeterRegistry registry) {
    return start(vertx, streamId, SrtEndpoint.caller(settings, url, media.reconnectGraceMs()), media, hlsDir,
        () -> {}, registry);
  }

  private static SrtIngest start(Vertx vertx, String streamId, SrtEndpoint endpoint, RtmpIngestSettings media,
      Path hlsDir, Runnable closed, MeterRegistry registry) {
    SrtIngest ingest = new SrtIngest(vertx, streamId, media, hlsDir, closed, registry);
    ingest.receive(endpoint);
    return ingest;
  }

  /** Hears, on the session's context, where the HLS output's clock starts. Set it right after {@link #start}. */
  public void onHlsOrigin(Consumer<HlsRemuxer.Origin> listener) {
    this.originListener = listener;
  }

  private void receive(SrtEndpoint endpoint) {
    SrtReceiver receiver = new SrtReceiver(streamId, endpoint, media.reconnectGraceMs(), pipes.output(),
        () -> stopped, new SrtReceiver.Listener() {
          @Override
          public void connected(boolean returning) {
            if (!returning) {
              startReaders();
            }
          }

          @Override
          public void left() {
            audio.publisherLeft();
          }
        }, meters);
    Thread thread = new Thread(() -> {
      String failure;
      try {
        failure = receiver.run();
      } catch (InterruptedException e) {
        failure = null;
      } catch (RuntimeException e) {
        failure = "the SRT receiver broke: " + e;
      }
      closed.run();
      String why = failure;
      if (audio == null) { // no reader started: tell the session here how the source ended
        if (why != null) {
          LOG.warning(() -> "stream " + streamId + ": " + why);
        }
        vertx.eventBus().send(Addresses.ingest(streamId), why == null
            ? new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped ? "stopped" : "no SRT publisher")
            : new IngestEvent(streamId, IngestEvent.Kind.FAILED, why));
      } else if (why != null) {
        LOG.warning(() -> "stream " + streamId + ": " + why);
      }
      pipes.finish();
      threadDone();
    }, "srt-" + streamId);
    thread.setDaemon(true);
    thread.start();
  }

  // On the receiver's thread, at the first connection.
  private void startReaders() {
    running.addAndGet(media.hlsEnabled() ? 2 : 1);
    audio = SrtAudio.start(vertx, streamId, pipes, media.chunkMs(), () -> stopped, this::threadDone);
    if (media.hlsEnabled()) {
      Thread hls = new Thread(() -> {
        String failure = HlsRemuxer.run(streamId, pipes.mediaInput(), "mpegts", hlsDir, media.hls(),
            () -> stopped, origin -> context.runOnContext(v -> originListener.accept(origin)));
        pipes.closeMedia();
        if (suspended) {
          RemuxContinuation.keepOpen(streamId, hlsDir, media.hls().playlist());
        }
        if (failure != null) {
          LOG.warning(() -> "stream " + streamId + ": " + failure + "; captions go on without HLS");
        }
        threadDone();
      }, "srt-hls-" + streamId);
      hls.setDaemon(true);
      hls.start();
    }
  }

  private void threadDone() {
    if (running.decrementAndGet() == 0) {
      threadsDone.tryComplete();
    }
  }

  /** Completes when the receiver, decoder and remuxer threads have ended. */
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
    if (!stopped) {
      stopped = true;
      pipes.abort();
      meters.remove();
    }
  }
}
