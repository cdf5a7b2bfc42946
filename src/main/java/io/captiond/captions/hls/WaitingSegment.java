package io.captiond.captions.hls;

/**
 * A video segment the {@link SubtitleSegmenter} has seen and not yet published: when it was seen, when the
 * engine had transcribed its audio, and once its captions are ready (or its wait is over) why and when. Times
 * are monotonic ms; not thread-safe.
 */
final class WaitingSegment {

  private final SubtitleSegmenter.VideoSegment video;
  private final long seenAtMs;
  private long transcribedAtMs = -1;
  private SubtitleSegmenter.Reason ready;
  private long readyAtMs = -1;

  WaitingSegment(SubtitleSegmenter.VideoSegment video, long seenAtMs) {
    this.video = video;
    this.seenAtMs = seenAtMs;
  }

  SubtitleSegmenter.VideoSegment video() {
    return video;
  }

  long seenAtMs() {
    return seenAtMs;
  }

  /** The engine has its audio, at {@code nowMs} (the first time counts). */
  void transcribed(long nowMs) {
    if (transcribedAtMs < 0) {
      transcribedAtMs = nowMs;
    }
  }

  /** When the engine had its audio, or -1. */
  long transcribedAtMs() {
    return transcribedAtMs;
  }

  /** It may go, for {@code reason}, from {@code nowMs}. */
  void ready(SubtitleSegmenter.Reason reason, long nowMs) {
    ready = reason;
    readyAtMs = nowMs;
  }

  /** Why it may go, or null while it waits for its captions. */
  SubtitleSegmenter.Reason ready() {
    return ready;
  }

  /** How long it waited, from when it was seen until it was ready (0 before). */
  long waitedMs() {
    return readyAtMs < 0 ? 0 : Math.max(0, readyAtMs - seenAtMs);
  }
}
