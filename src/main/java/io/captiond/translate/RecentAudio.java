package io.captiond.translate;

import io.captiond.media.Pcm16k;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The last {@code capacityMs} of a stream's audio (16 kHz mono PCM, stamped in stream time), kept so that an
 * engine that translates speech rather than text (Whisper's translate task) can hear a unit's span again once
 * its words are confirmed. Plain data, no I/O; bounded: the oldest chunks leave as new ones come. A span whose
 * start has already left is gone (the caller counts a gap); stream-time holes inside a span read as silence.
 */
public final class RecentAudio {

  private record Chunk(long startSample, short[] samples) {
    long endSample() {
      return startSample + samples.length;
    }
  }

  private final long capacitySamples;
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private long held;

  public RecentAudio(long capacityMs) {
    if (capacityMs < 1) {
      throw new IllegalArgumentException("the audio kept for translation must be positive, not " + capacityMs + " ms");
    }
    this.capacitySamples = Pcm16k.msToSamples(capacityMs);
  }

  /** Keeps {@code samples} starting at {@code startMs}; the oldest audio leaves past the capacity. */
  public void add(long startMs, short[] samples) {
    if (samples.length == 0) {
      return;
    }
    chunks.addLast(new Chunk(Pcm16k.msToSamples(startMs), samples.clone()));
    held += samples.length;
    while (held - chunks.peekFirst().samples().length >= capacitySamples) {
      held -= chunks.pollFirst().samples().length;
    }
  }

  /** The earliest stream time still held, or {@link Long#MAX_VALUE} when nothing is. */
  public long oldestMs() {
    return chunks.isEmpty() ? Long.MAX_VALUE : Pcm16k.samplesToMs(chunks.peekFirst().startSample());
  }

  /**
   * The samples of {@code [startMs, endMs)}, or empty when audio from before {@code startMs}'s sample has
   * already left (or none came yet). Audio not yet received reads as silence up to {@code endMs}.
   */
  public Optional<short[]> span(long startMs, long endMs) {
    long from = Pcm16k.msToSamples(startMs);
    long to = Pcm16k.msToSamples(endMs);
    if (chunks.isEmpty() || to <= from || chunks.peekFirst().startSample() > from) {
      return Optional.empty();
    }
    short[] out = new short[Math.toIntExact(to - from)];
    for (Chunk chunk : chunks) {
      long first = Math.max(from, chunk.startSample());
      long last = Math.min(to, chunk.endSample());
      if (first < last) {
        System.arraycopy(chunk.samples(), (int) (first - chunk.startSample()), out, (int) (first - from),
            (int) (last - first));
      }
    }
    return Optional.of(out);
  }

  /** Forgets everything (no language needs the audio any more). */
  public void clear() {
    chunks.clear();
    held = 0;
  }
}
