package io.captiond.vad;

import io.captiond.settings.Check;

/**
 * How the streams of a node share the VAD model (keys {@code vad.batch_tick_ms},
 * {@code vad.max_batch}): every {@code tickMs} one ONNX Runtime call scores the next frame of every
 * stream that has audio waiting, up to {@code maxBatch} streams a call. A frame waits at most a tick
 * for its call; in return a node pays one call per tick instead of one per stream and frame.
 *
 * @param tickMs how often the batch runs, 1 to 1000 ms; 0 scores each stream's frames on its own
 * @param maxBatch streams in one call, 1 to 4096
 */
public record VadBatching(int tickMs, int maxBatch) {

  public static final String TICK_MS = "vad.batch_tick_ms";
  public static final String MAX_BATCH = "vad.max_batch";
  /** One Silero frame: a stream has at most one new frame per tick at real time. */
  public static final int DEFAULT_TICK_MS = 32;
  public static final int DEFAULT_MAX_BATCH = 256;
  public static final VadBatching OFF = new VadBatching(0, 1);

  public VadBatching {
    Check.range(TICK_MS, "tickMs", tickMs, 0, 1000);
    Check.range(MAX_BATCH, "maxBatch", maxBatch, 1, 4096);
  }

  public boolean enabled() {
    return tickMs > 0;
  }
}
