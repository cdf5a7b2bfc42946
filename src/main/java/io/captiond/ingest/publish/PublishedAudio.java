package io.captiond.ingest.publish;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.media.ChunkAssembler;
import io.captiond.media.FlvAudioDecoder;
import io.captiond.media.PcmChunk;
import io.captiond.media.RealTimePacer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The audio of one RTMP stream on its way to the session: a thread decodes the AAC that publishers
 * send (through {@link StreamMedia}'s audio pipe) into PCM chunks on the stream's PCM address.
 *
 * <p>While a publisher is on, the chunks are paced to real time (an encoder's burst of up to
 * {@link #MAX_AHEAD_MS} passes at once). When it leaves, nothing more of it will come: what it sent
 * and is still buffered goes out as fast as the session takes it (each chunk acknowledged, so the
 * session's backpressure holds; the session hears {@link IngestEvent.Kind#DRAINING} first), the partly
 * filled last chunk too, and then the session hears {@link IngestEvent.Kind#PAUSED}: the speech so far is complete, whether or not a publisher comes
 * back within the grace. Audio of a publisher that follows is paced again from where it begins.
 */
final class PublishedAudio {

  /** How far decoded audio may run ahead of real time (an encoder's burst after a stall). */
  static final long MAX_AHEAD_MS = 5_000;
  /**
   * While draining, chunks go out joined into runs of about this length, each acknowledged: the session
   * slows the source to what it keeps up with, without a round trip (and a VAD step) per chunk.
   */
  private static final long DRAIN_BATCH_MS = 1_000;
  private static final long ACK_TIMEOUT_MS = 600_000;
  private static final long NAP_MS = 100;
  private static final Logger LOG = Logger.getLogger(PublishedAudio.class.getName());

  private final EventBus bus;
  private final String streamId;
  private final String pcm;
  private final StreamMedia media;
  private final BooleanSupplier stopped;
  private final ChunkAssembler chunks;
  private final RealTimePacer pacer = RealTimePacer.allowingAhead(MAX_AHEAD_MS);
  private final DeliveryOptions ackTimeout = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
  /** Departures whose audio is not yet all out: no pacing while there is one. */
  private final AtomicInteger draining = new AtomicInteger();
  private final List<PcmChunk> batch = new ArrayList<>();

  private PublishedAudio(Vertx vertx, String streamId, StreamMedia media, int chunkMs, BooleanSupplier stopped) {
    this.bus = vertx.eventBus();
    this.streamId = streamId;
    this.pcm = Addresses.pcm(streamId);
    this.media = media;
    this.stopped = stopped;
    this.chunks = new ChunkAssembler(streamId, chunkMs);
  }

  /**
   * Starts the decoder thread; at its end it sends ENDED (or FAILED and why) to the session, then
   * runs {@code done} on that thread.
   */
  static PublishedAudio start(Vertx vertx, String streamId, StreamMedia media, int chunkMs,
      BooleanSupplier stopped, Runnable done) {
    PublishedAudio audio = new PublishedAudio(vertx, streamId, media, chunkMs, stopped);
    Thread thread = new Thread(() -> {
      String failure = FlvAudioDecoder.run(streamId, media.audioInput(), audio.chunks, audio::deliver, stopped);
      audio.sendRest();
      audio.bus.send(Addresses.ingest(streamId), failure == null
          ? new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped.getAsBoolean() ? "stopped" : RtmpIngest.PUBLISHER_LEFT)
          : new IngestEvent(streamId, IngestEvent.Kind.FAILED, failure));
      done.run();
    }, "rtmp-audio-" + streamId);
    thread.setDaemon(true);
    thread.start();
    return audio;
  }

  /** The publisher left: what it sent goes out unpaced, then the session hears the pause. */
  void publisherLeft() {
    draining.incrementAndGet();
    bus.send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.DRAINING, RtmpIngest.PUBLISHER_LEFT));
    media.markAudio(this::drained);
  }

  private void deliver(PcmChunk chunk) throws InterruptedException {
    pacer.await(chunk.startMs() + chunk.durationMs(), () -> stopped.getAsBoolean() || draining.get() > 0);
    if (draining.get() == 0) {
      bus.send(pcm, chunk);
      return;
    }
    batch.add(chunk);
    if (batch.stream().mapToLong(PcmChunk::durationMs).sum() >= DRAIN_BATCH_MS) {
      sendBatch();
    }
  }

  /** The chunks gathered while draining, as one, once the session took it. */
  private void sendBatch() throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    short[] samples = new short[batch.stream().mapToInt(c -> c.samples().length).sum()];
    int at = 0;
    for (PcmChunk chunk : batch) {
      System.arraycopy(chunk.samples(), 0, samples, at, chunk.samples().length);
      at += chunk.samples().length;
    }
    PcmChunk joined = new PcmChunk(streamId, batch.get(0).startMs(), samples);
    batch.clear();
    acknowledged(joined);
  }

  /** Sends {@code chunk} and waits until the session took it (or the stream stops). */
  private void acknowledged(PcmChunk chunk) throws InterruptedException {
    CompletableFuture<?> ack = bus.request(pcm, chunk, ackTimeout).toCompletionStage().toCompletableFuture();
    while (!stopped.getAsBoolean()) {
      try {
        ack.get(NAP_MS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        // still waiting: look at stopped again
      } catch (ExecutionException e) {
        return; // no session to take it (stopping): nothing to slow down for
      }
    }
  }

  private void sendRest() {
    try {
      sendBatch();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // On the decoder thread, inside a read of the pipe: everything the publisher sent before it left is decoded.
  private void drained() {
    try {
      PcmChunk rest = chunks.flush();
      if (rest != null) {
        deliver(rest);
      }
      sendBatch();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warning(() -> "stream " + streamId + ": the last audio before the publisher left was lost: " + e);
    }
    pacer.restart();
    draining.decrementAndGet();
    bus.send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.PAUSED, RtmpIngest.PUBLISHER_LEFT));
  }
}
