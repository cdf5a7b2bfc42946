package io.captiond.vad;

import java.util.List;

/**
 * Turns per-frame speech probabilities into START/END edges with hysteresis, in the manner of
 * Silero's {@code get_speech_timestamps} and {@code VADIterator}, but streaming: it sees each frame
 * once and never looks ahead.
 *
 * <ul>
 *   <li>A frame at or above {@code threshold} opens a candidate segment at the frame's start.
 *   <li>A frame below {@code threshold − 0.15} marks where silence begins; only a frame at or above
 *       {@code threshold} cancels it (frames in between change nothing).
 *   <li>A candidate becomes speech, and START is reported, once {@code minSpeechMs} have passed
 *       since it opened with no silence pending (short dips included, as Silero counts them).
 *   <li>Once silence has lasted {@code minSilenceMs}, speech ends (END reported) or an unconfirmed
 *       candidate is dropped: blips shorter than {@code minSpeechMs} are never reported.
 *   <li>START is moved back by {@code speechPadMs}, but never before 0 or the previous END; END is
 *       moved forward by {@code speechPadMs}, but never past the audio heard so far.
 * </ul>
 *
 * <p>Pure Java with no model: unit-test it with scripted probabilities. One instance per stream; not
 * thread-safe.
 */
public final class SpeechDetector {

  private enum State {
    SILENCE,
    CANDIDATE,
    SPEECH
  }

  private static final long NONE = -1;

  private final float threshold;
  private final float negativeThreshold;
  private final long minSilenceSamples;
  private final long minSpeechSamples;
  private final long padSamples;

  private State state;
  /** Start of the candidate or speech segment, unpadded. */
  private long speechStart;
  /** Start of the first silent frame since the last frame at or above the threshold, or NONE. */
  private long silenceStart;
  /** The last END reported: no START goes before it. */
  private long lastEnd;
  /** Where the next frame must start, or NONE before the first frame. */
  private long nextFrameStart;

  public SpeechDetector(VadSettings config) {
    this.threshold = config.threshold();
    this.negativeThreshold = config.negativeThreshold();
    this.minSilenceSamples = config.minSilenceSamples();
    this.minSpeechSamples = config.minSpeechSamples();
    this.padSamples = config.speechPadSamples();
    reset();
  }

  /**
   * Takes the probability of the next {@value VadSettings#FRAME_SAMPLES}-sample frame.
   *
   * @param frameStartSample offset of the frame's first sample; each frame must start where the
   *     previous one ended (the first may start anywhere at or after 0)
   * @param probability the frame's speech probability, in [0, 1]
   * @return the edges this frame decided, in order; usually none, never null
   * @throws IllegalArgumentException for a gap or overlap between frames, or a probability outside
   *     [0, 1]
   */
  public List<SpeechEdge> accept(long frameStartSample, float probability) {
    if (!(probability >= 0f && probability <= 1f)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
    }
    if (frameStartSample < 0) {
      throw new IllegalArgumentException(
          "frameStartSample must not be negative, got " + frameStartSample);
    }
    if (nextFrameStart != NONE && frameStartSample != nextFrameStart) {
      throw new IllegalArgumentException("frames must be consecutive: expected a frame at sample "
          + nextFrameStart + ", got " + frameStartSample);
    }
    long frameEnd = frameStartSample + VadSettings.FRAME_SAMPLES;
    nextFrameStart = frameEnd;

    if (state == State.SILENCE) {
      if (probability < threshold) {
        return List.of();
      }
      state = State.CANDIDATE;
      speechStart = frameStartSample;
      silenceStart = NONE;
    } else if (probability >= threshold) {
      silenceStart = NONE;
    } else if (probability < negativeThreshold && silenceStart == NONE) {
      silenceStart = frameStartSample;
    }

    if (silenceStart != NONE && frameEnd - silenceStart >= minSilenceSamples) {
      boolean wasSpeech = state == State.SPEECH;
      long end = Math.min(silenceStart + padSamples, frameEnd);
      state = State.SILENCE;
      silenceStart = NONE;
      if (!wasSpeech) {
        return List.of(); // a blip shorter than minSpeechMs
      }
      lastEnd = end;
      return List.of(SpeechEdge.end(end));
    }
    if (state == State.CANDIDATE && silenceStart == NONE
        && frameEnd - speechStart >= minSpeechSamples) {
      state = State.SPEECH;
      return List.of(SpeechEdge.start(Math.max(lastEnd, speechStart - padSamples)));
    }
    return List.of();
  }

  /**
   * Ends the stream: reports END for open speech (padded, but not past the last frame) and drops an
   * unconfirmed candidate. The detector is then as new, ready for another stream.
   */
  public List<SpeechEdge> flush() {
    List<SpeechEdge> edges = List.of();
    if (state == State.SPEECH) {
      long end = silenceStart == NONE
          ? nextFrameStart
          : Math.min(silenceStart + padSamples, nextFrameStart);
      edges = List.of(SpeechEdge.end(end));
    }
    reset();
    return edges;
  }

  /** Whether a START has been reported and its END not yet. */
  public boolean inSpeech() {
    return state == State.SPEECH;
  }

  private void reset() {
    state = State.SILENCE;
    speechStart = NONE;
    silenceStart = NONE;
    lastEnd = 0;
    nextFrameStart = NONE;
  }
}
