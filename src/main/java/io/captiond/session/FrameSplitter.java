package io.captiond.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cuts a stream of samples into consecutive frames of a fixed size (the VAD's 512), keeping the remainder. */
final class FrameSplitter {

  /** A frame and the offset of its first sample in the stream. */
  record Frame(long startSample, short[] samples) {}

  private final int frameSize;
  private final short[] pending;
  private int filled;
  private long nextStart;

  FrameSplitter(int frameSize) {
    this.frameSize = frameSize;
    this.pending = new short[frameSize];
  }

  List<Frame> add(short[] samples) {
    List<Frame> frames = new ArrayList<>(samples.length / frameSize + 1);
    int read = 0;
    while (read < samples.length) {
      int take = Math.min(samples.length - read, frameSize - filled);
      System.arraycopy(samples, read, pending, filled, take);
      filled += take;
      read += take;
      if (filled == frameSize) {
        frames.add(new Frame(nextStart, Arrays.copyOf(pending, frameSize)));
        nextStart += frameSize;
        filled = 0;
      }
    }
    return frames;
  }
}
