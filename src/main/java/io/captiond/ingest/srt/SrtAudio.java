package io.captiond.ingest.srt;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.media.AudioGrabLoop;
import io.captiond.media.ChunkAssembler;
import io.captiond.media.PcmChunk;
import io.captiond.media.Pcm16kDecoding;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The audio of one SRT stream on its way to the session: a thread decodes the audio track of the
 * MPEG-TS in the stream's pipe (AAC, MP2, AC-3: whatever FFmpeg decodes) to 16 kHz mono PCM chunks
 * in stream time. SRT delivers at the sender's pace (its receive buffer releases each packet at its
 * time), so chunks are sent as they come. When the publisher leaves, the session hears
 * {@link IngestEvent.Kind#DRAINING}, what was received is decoded with each chunk acknowledged, and
 * then it hears {@link IngestEvent.Kind#PAUSED}, as from an RTMP source. At the end of the pipe it
 * hears ENDED (or FAILED and why).
 */
final class SrtAudio {

  static final String PUBLISHER_LEFT = "publisher left";
  private static final int MAX_CONSECUTIVE_ERRORS = 50;
  private static final long ACK_TIMEOUT_MS = 600_000;
  private static final long NAP_MS = 100;
  private static final Logger LOG = Logger.getLogger(SrtAudio.class.getName());

  private final EventBus bus;
  private final String streamId;
  private final TsPipes pipes;
  private final BooleanSupplier stopped;
  private final ChunkAssembler chunks;
  private final AtomicInteger draining = new AtomicInteger();
  private final DeliveryOptions ackTimeout = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);

  private SrtAudio(Vertx vertx, String streamId, TsPipes pipes, int chunkMs, BooleanSupplier stopped) {
    this.bus = vertx.eventBus();
    this.streamId = streamId;
    this.pipes = pipes;
    this.stopped = stopped;
    this.chunks = new ChunkAssembler(streamId, chunkMs);
  }

  /** Starts the decoder thread; at its end it tells the session how the stream ended, then runs {@code done}. */
  static SrtAudio start(Vertx vertx, String streamId, TsPipes pipes, int chunkMs, BooleanSupplier stopped,
      Runnable done) {
    SrtAudio audio = new SrtAudio(vertx, streamId, pipes, chunkMs, stopped);
    Thread thread = new Thread(() -> {
      String failure = audio.decode();
      audio.bus.send(Addresses.ingest(streamId), failure == null
          ? new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped.getAsBoolean() ? "stopped" : PUBLISHER_LEFT)
          : new IngestEvent(streamId, IngestEvent.Kind.FAILED, failure));
      done.run();
    }, "srt-audio-" + streamId);
    thread.setDaemon(true);
    thread.start();
    return audio;
  }

  private String decode() {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(pipes.audioInput(), 0);
    grabber.setFormat("mpegts");
    // MPEG-TS has no header: the demuxer learns the audio's parameters from its first frames.
    grabber.setOption("probesize", "1000000");
    grabber.setOption("analyzeduration", "2000000");
    Pcm16kDecoding.resampleTo16kMono(grabber);
    try {
      try {
        grabber.startUnsafe();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        return stopped.getAsBoolean() ? null : "cannot read the SRT stream's MPEG-TS: " + e.getMessage();
      }
      if (!grabber.hasAudio()) {
        return stopped.getAsBoolean() ? null : "the SRT stream has no audio track FFmpeg can decode";
      }
      LOG.info(() -> "stream " + streamId + ": decoding SRT audio (" + grabber.getAudioCodecName() + ")");
      String error = AudioGrabLoop.run(grabber, chunks, MAX_CONSECUTIVE_ERRORS, stopped, nanos -> {},
          this::deliver, streamId);
      return error == null ? null : "the SRT stream's audio keeps failing to decode: " + error;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        LOG.fine(() -> "closing the SRT audio decoder: " + e.getMessage());
      }
    }
  }

  /** The publisher left (on the receiver's thread): what it sent goes out acknowledged, then the pause. */
  void publisherLeft() {
    draining.incrementAndGet();
    bus.send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.DRAINING, PUBLISHER_LEFT));
    pipes.markAudio(this::drained);
  }

  private void deliver(PcmChunk chunk) throws InterruptedException {
    if (draining.get() == 0) {
      bus.send(Addresses.pcm(streamId), chunk);
    } else {
      acknowledged(chunk);
    }
  }

  private void acknowledged(PcmChunk chunk) throws InterruptedException {
    var ack = bus.request(Addresses.pcm(streamId), chunk, ackTimeout).toCompletionStage().toCompletableFuture();
    while (!stopped.getAsBoolean()) {
      try {
        ack.get(NAP_MS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        // still waiting: look at stopped again
      } catch (ExecutionException e) {
        return; // no session to take it (stopping)
      }
    }
  }

  // On the decoder thread, inside a read of the pipe: everything received before the publisher left was read.
  private void drained() {
    try {
      PcmChunk rest = chunks.flush();
      if (rest != null) {
        deliver(rest);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draining.decrementAndGet();
    bus.send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.PAUSED, PUBLISHER_LEFT));
  }
}
