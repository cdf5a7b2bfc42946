package io.captiond.ingest.publish;

import io.captiond.media.FlvTagMuxer;
import io.captiond.media.FlvTagStream;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.MediaDecodeException;
import io.captiond.media.MediaPool;
import io.captiond.media.SerialLane;
import io.captiond.media.TickedRead;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HLS output of one RTMP stream, without a thread of its own: whenever {@link StreamMedia}'s HLS pipe
 * has bytes, a task on the stream's {@link SerialLane} (the shared HLS threads, apart from the decode
 * threads: they write files) splits the FLV tags and hands each to the stream's {@link FlvTagMuxer}. The
 * reads are batched: a pipe that got bytes is read at the pool's next tick ({@link MediaPool#atNextTick}), so
 * a stream costs the pool a wake-up per tick, not per packet. A task takes at most {@link #TURN_BYTES} and
 * then lets the other streams' tasks run, so a stream with a burst (or a slow disk) holds one pool thread at
 * a time, for one turn.
 */
final class PublishedHls {

  /** What one task takes from the pipe before it yields the thread. */
  static final int TURN_BYTES = 256 * 1024;

  private final StreamMedia media;
  private final BooleanSupplier stopped;
  private final Consumer<String> ended;
  private final SerialLane lane;
  private final FlvTagStream tags;
  private final FlvTagMuxer muxer;
  private final byte[] readBuffer = new byte[16 * 1024];
  private final TickedRead reads;
  // The lane only:
  private boolean declared;
  private boolean done;

  private PublishedHls(String streamId, StreamMedia media, Path dir, HlsRemuxer.Settings settings,
      BooleanSupplier stopped, Consumer<HlsRemuxer.Origin> onOrigin, Consumer<String> ended) {
    this.media = media;
    this.stopped = stopped;
    this.ended = ended;
    this.lane = MediaPool.fileLane("stream " + streamId + " HLS");
    this.reads = new TickedRead(lane, this::read); // segments are seconds long: a tick's wait costs nothing
    this.tags = new FlvTagStream(media.mediaCapacity());
    this.muxer = new FlvTagMuxer(streamId, dir, settings, media.mediaCapacity(), onOrigin);
  }

  /**
   * Starts writing what the HLS pipe gets; at its end {@code ended} hears (on an HLS thread) why the
   * output stopped, or null.
   */
  static PublishedHls start(String streamId, StreamMedia media, Path dir, HlsRemuxer.Settings settings,
      BooleanSupplier stopped, Consumer<HlsRemuxer.Origin> onOrigin, Consumer<String> ended) {
    PublishedHls hls = new PublishedHls(streamId, media, dir, settings, stopped, onOrigin, ended);
    media.onMediaReadable(hls.reads::soon);
    hls.lane.execute(hls::read);
    return hls;
  }

  /** On the lane: what the pipe holds now, up to a turn's worth. */
  private void read() {
    reads.started();
    if (done) {
      return;
    }
    int taken = 0;
    int read = 0;
    while (!stopped.getAsBoolean() && muxer.failure() == null && taken < TURN_BYTES
        && (read = media.pollMedia(readBuffer)) > 0) {
      taken += read;
      try {
        tags.feed(readBuffer, 0, read, this::tag);
      } catch (MediaDecodeException e) {
        muxer.close(); // the pipe carries what StreamMedia wrote: never so, but never a loop either
        end(HlsRemuxer.STOPPED + e.getMessage());
        return;
      }
    }
    if (read < 0 || stopped.getAsBoolean() || muxer.failure() != null) {
      end(muxer.finish());
    } else if (taken >= TURN_BYTES) {
      lane.execute(this::read); // the rest next turn
    }
  }

  private void tag(int type, long timestampMs, byte[] buffer, int offset, int length) {
    if (!declared && tags.headerRead()) {
      declared = true;
      muxer.expect(tags.declaresAudio(), tags.declaresVideo());
    }
    muxer.tag(type, timestampMs, buffer, offset, length);
  }

  private void end(String failure) {
    done = true;
    ended.accept(stopped.getAsBoolean() ? null : failure);
  }
}
