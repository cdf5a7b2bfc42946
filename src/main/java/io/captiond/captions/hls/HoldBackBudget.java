package io.captiond.captions.hls;

/**
 * When a waiting segment's wait for its captions is over, for the {@link SubtitleSegmenter}: the segment goes
 * then as it is, unless its captions were settled or the stream finished first. Pure: time comes in as arguments
 * (stream ms for media, a monotonic {@code nowMs} for the wait); one per stream, not thread-safe.
 *
 * <p>The budget, {@code holdbackMs}, counts from when the engine had transcribed the segment's audio, not from
 * when the segment was seen: an engine that falls behind (a busy machine, a source that hands over a whole
 * segment of audio at once) pushes the hold-back instead of letting the segment out without its captions; and
 * where the captions have lately been settled longer than that after the transcription (a busy machine confirms
 * late), the budget stretches to that measured lag ({@link ConfirmationLag}). {@code maxHoldMs} bounds the wait
 * from when the segment was seen, for an engine that never gets there.
 *
 * <p>The first {@code startSegments} segments (those the held playlists first appear with) wait for their
 * captions, whenever the engine transcribed them, up to twice the hold-back from when they were seen: players
 * start on them and fetch them once, so a cue that misses them comes after the player began; the bound lets a
 * stream whose engine is behind still appear promptly.
 *
 * <p>Once the source has ended ({@link SubtitleSegmenter#sourceEnded}), every segment still waiting waits until
 * the longest hold from then, not by its budget: the engine may still be decoding the last words.
 */
final class HoldBackBudget {

  private final SubtitleSegmenter.Config config;
  private final ConfirmationLag lag = new ConfirmationLag();
  private long sourceEndedAtMs = -1;

  HoldBackBudget(SubtitleSegmenter.Config config) {
    this.config = config;
  }

  /** The engine has transcribed the audio before {@code streamMs}, at {@code nowMs}. */
  void transcribed(long streamMs, long nowMs) {
    lag.transcribed(streamMs, nowMs);
  }

  /** The captions are settled up to {@code streamMs}, at {@code nowMs}: how long they trailed is measured. */
  void settled(long streamMs, long nowMs) {
    lag.settled(streamMs, nowMs);
  }

  /** The source has ended at {@code nowMs} (the first time counts). */
  void sourceEnded(long nowMs) {
    if (sourceEndedAtMs < 0) {
      sourceEndedAtMs = nowMs;
    }
  }

  /**
   * When {@code segment}'s wait for its captions is over, as things stand (its transcription moves it).
   *
   * @param publishedBefore the segments published before this one
   */
  long endsAtMs(WaitingSegment segment, long publishedBefore) {
    if (sourceEndedAtMs >= 0) {
      return sourceEndedAtMs + config.maxHoldMs();
    }
    if (publishedBefore < config.startSegments()) {
      // The first playlist: players start on it, so its cues are the ones they cannot catch up on later (a cue
      // that misses its segment travels in a later one, fetched after the player began). It waits for them.
      return segment.seenAtMs() + Math.min(config.maxHoldMs(), 2 * config.holdbackMs());
    }
    long longest = segment.seenAtMs() + config.maxHoldMs();
    return segment.transcribedAtMs() < 0 ? longest
        : Math.min(longest, segment.transcribedAtMs() + afterTranscriptionMs());
  }

  /** How long a transcribed segment waits for its captions now: the hold-back, stretched to the measured lag. */
  long afterTranscriptionMs() {
    return lag.budgetMs(config.holdbackMs(), config.maxHoldMs());
  }
}
