package io.captiond.ingest.hls;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.ingest.SourceSpec;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.SourceSegment;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.net.URI;

/**
 * Runs an {@link HlsSource} on a thread of its own and puts what it reads on the event bus: chunks
 * to the stream's PCM address, then one {@link IngestEvent} when it ends. With {@code realtime}
 * (a live playlist is real time by nature; a complete one is paced) chunks are sent without waiting;
 * without it, each waits for the session's acknowledgement, so the session can slow the source.
 */
public final class HlsIngest implements IngestHandle {

  private static final long ACK_TIMEOUT_MS = 600_000;

  private final HlsSource source;
  private final Thread thread;

  private HlsIngest(HlsSource source, Thread thread) {
    this.source = source;
    this.thread = thread;
  }

  public static HlsIngest start(Vertx vertx, String streamId, SourceSpec spec, HlsSettings config) {
    return start(vertx, streamId, spec, config, null);
  }

  /** As above; {@code listener} (may be null) hears the source's playlist and segments on the caller's context. */
  public static HlsIngest start(Vertx vertx, String streamId, SourceSpec spec, HlsSettings config,
      HlsSource.Listener listener) {
    EventBus bus = vertx.eventBus();
    String address = Addresses.pcm(streamId);
    DeliveryOptions ackTimeout = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
    HlsSource source = new HlsSource(streamId, URI.create(spec.url()), spec.realtime(), config, chunk -> {
      if (spec.realtime()) {
        bus.send(address, chunk);
      } else {
        bus.request(address, chunk, ackTimeout).await();
      }
    });
    if (listener != null) {
      io.vertx.core.Context context = vertx.getOrCreateContext();
      source.listener(new HlsSource.Listener() {
        @Override
        public void opened(MasterPlaylist master, URI mediaPlaylist) {
          context.runOnContext(v -> listener.opened(master, mediaPlaylist));
        }

        @Override
        public void segment(SourceSegment segment) {
          context.runOnContext(v -> listener.segment(segment));
        }
      });
    }
    Thread thread = new Thread(() -> {
      IngestEvent end = source.run();
      bus.send(Addresses.ingest(streamId), end);
    }, "hls-" + streamId);
    thread.setDaemon(true);
    thread.start();
    return new HlsIngest(source, thread);
  }

  @Override
  public void stop() {
    source.stop();
    thread.interrupt();
  }
}
