package io.captiond.ingest.publish;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.media.AacDecoder;
import io.captiond.media.ChunkAssembler;
import io.captiond.media.FlvTagStream;
import io.captiond.media.MediaDecodeException;
import io.captiond.media.MediaPool;
import io.captiond.media.PcmChunk;
import io.captiond.media.RealTimePacer;
import io.captiond.media.SerialLane;
import io.captiond.media.TickedRead;
import io.captiond.media.embed.FlvTag;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The audio of one RTMP stream on its way to the session: the AAC that publishers send (through
 * {@link StreamMedia}'s audio pipe) decoded into PCM chunks on the stream's PCM address. No thread
 * of its own: whenever the pipe has bytes, a task on the stream's {@link SerialLane} (shared
 * decode threads) takes them, splits the FLV tags and feeds each raw AAC frame to the stream's
 * {@link AacDecoder}; the chunks wait in an {@link AudioOutbox}.
 *
 * <p>While a publisher is on, the chunks are paced to real time (an encoder's burst of up to
 * {@link #MAX_AHEAD_MS} passes at once). When it leaves, nothing more of it will come: what it sent
 * and is still buffered goes out as fast as the session takes it (each run acknowledged, so the
 * session's backpressure holds; the session hears {@link IngestEvent.Kind#DRAINING} first), the partly
 * filled last chunk too, and then the session hears {@link IngestEvent.Kind#PAUSED}: the speech so far is complete, whether or not a publisher comes
 * back within the grace. Audio of a publisher that follows is paced again from where it begins.
 */
final class PublishedAudio {

  /** How far decoded audio may run ahead of real time (an encoder's burst after a stall). */
  static final long MAX_AHEAD_MS = 5_000;
  private static final int MAX_CONSECUTIVE_ERRORS = 50;
  private static final int AAC_RAW = 1; // E.4.2.2 AACPacketType
  private static final Logger LOG = Logger.getLogger(PublishedAudio.class.getName());

  private final EventBus bus;
  private final String streamId;
  private final StreamMedia media;
  private final BooleanSupplier stopped;
  private final Runnable done;
  private final ChunkAssembler chunks;
  private final RealTimePacer pacer = RealTimePacer.allowingAhead(MAX_AHEAD_MS);
  /** Departures whose audio is not yet all out: no pacing while there is one. */
  private final AtomicInteger draining = new AtomicInteger();
  private final SerialLane lane;
  private final AudioOutbox outbox;
  private final FlvTagStream tags;
  /** What one read takes from the pipe: about what an FFmpeg demuxer's buffer took. */
  private final byte[] readBuffer = new byte[4 * 1024];
  private final TickedRead reads;
  // The lane only:
  private AacDecoder decoder;
  private int consecutiveErrors;
  private String failure;
  private boolean ended;

  private PublishedAudio(Vertx vertx, String streamId, StreamMedia media, int chunkMs, BooleanSupplier stopped,
      Runnable done) {
    this.bus = vertx.eventBus();
    this.streamId = streamId;
    this.media = media;
    this.stopped = stopped;
    this.done = done;
    this.chunks = new ChunkAssembler(streamId, chunkMs);
    this.lane = MediaPool.lane("stream " + streamId + " audio");
    // An AAC frame comes every ~21 ms and the VAD scores 32 ms frames: a tick's wait costs the captions nothing.
    this.reads = new TickedRead(lane, this::read);
    this.outbox = new AudioOutbox(vertx, streamId, Addresses.pcm(streamId), lane, pacer, draining, stopped);
    this.tags = new FlvTagStream(media.audioCapacity());
  }

  /**
   * Starts decoding what the audio pipe gets; at the end the session hears ENDED (or FAILED and why),
   * then {@code done} runs (on a decode thread).
   */
  static PublishedAudio start(Vertx vertx, String streamId, StreamMedia media, int chunkMs,
      BooleanSupplier stopped, Runnable done) {
    PublishedAudio audio = new PublishedAudio(vertx, streamId, media, chunkMs, stopped, done);
    media.onAudioReadable(audio.reads::soon);
    audio.outbox.onFree(audio::read);
    audio.lane.execute(audio::read);
    return audio;
  }

  /** The publisher left: what it sent goes out unpaced, then the session hears the pause. */
  void publisherLeft() {
    draining.incrementAndGet();
    bus.send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.DRAINING, RtmpIngest.PUBLISHER_LEFT));
    media.markAudio(this::drained);
    lane.execute(outbox::wake);
  }

  /** On the lane: everything the pipe holds now, tag by tag. */
  private void read() {
    reads.started();
    if (ended) {
      return;
    }
    if (stopped.getAsBoolean() && outbox.holding()) {
      outbox.wake(); // nothing is paced any more; reads again (onFree) once nothing is held
      return;
    }
    int read = 0;
    while (!outbox.holding() && (read = media.pollAudio(readBuffer)) > 0) {
      try {
        tags.feed(readBuffer, 0, read, this::tag);
      } catch (MediaDecodeException e) {
        failure = "cannot decode the published audio: " + e.getMessage();
      }
      if (failure != null || ended) {
        end();
        return;
      }
    }
    if (read < 0 || stopped.getAsBoolean() && !outbox.holding()) {
      end();
    }
  }

  private void tag(int type, long timestampMs, byte[] buffer, int offset, int length) {
    if (type != FlvTag.AUDIO || length < 2 || failure != null) {
      return;
    }
    if (buffer[offset + 1] != AAC_RAW) {
      openDecoder(java.util.Arrays.copyOfRange(buffer, offset + 2, offset + length));
      return;
    }
    if (decoder == null) {
      return; // no AudioSpecificConfig yet: nothing can decode it
    }
    short[] samples;
    try {
      samples = decoder.decode(buffer, offset + 2, length - 2);
      consecutiveErrors = 0;
    } catch (MediaDecodeException e) {
      if (++consecutiveErrors > MAX_CONSECUTIVE_ERRORS) {
        failure = "the published audio keeps failing to decode: " + e.getMessage();
      } else {
        LOG.warning(() -> "stream " + streamId + ": skipping undecodable audio: " + e.getMessage());
      }
      return;
    }
    if (samples.length > 0) {
      for (PcmChunk chunk : chunks.add(timestampMs, samples)) {
        outbox.add(chunk);
      }
    }
  }

  private void openDecoder(byte[] audioSpecificConfig) {
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
    try {
      decoder = new AacDecoder(audioSpecificConfig);
    } catch (MediaDecodeException e) {
      failure = "cannot decode the published audio: " + e.getMessage();
    }
  }

  // On the lane, once everything the publisher sent before it left is decoded.
  private void drained() {
    PcmChunk rest = chunks.flush();
    if (rest != null) {
      outbox.add(rest);
    }
    outbox.then(() -> {
      pacer.restart();
      draining.decrementAndGet();
      bus.send(Addresses.ingest(streamId), new IngestEvent(streamId, IngestEvent.Kind.PAUSED, RtmpIngest.PUBLISHER_LEFT));
    });
  }

  /** The stream ended, stopped or failed: the rest goes out, then the session hears why. */
  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
    if (failure != null) {
      media.abortAudio(); // as a demuxer that gave up closes its input
    } else {
      PcmChunk rest = chunks.flush();
      if (rest != null) {
        outbox.add(rest);
      }
    }
    String why = failure;
    outbox.then(() -> {
      bus.send(Addresses.ingest(streamId), why == null
          ? new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped.getAsBoolean() ? "stopped" : RtmpIngest.PUBLISHER_LEFT)
          : new IngestEvent(streamId, IngestEvent.Kind.FAILED, why));
      done.run();
    });
  }
}
