package io.captiond.session;

import io.captiond.asr.Transcript;
import java.util.List;
import java.util.Optional;

/**
 * Decides which windows of a stream to transcribe and what of the transcripts to show as tentative
 * or confirmed captions. Pure logic with no I/O, engine or clock of its own: the session feeds it
 * audio (in stream order, after the VAD judged it), speech edges and transcripts, and carries out
 * the decode jobs it asks for. Times are sample offsets from the stream's first sample, or stream
 * milliseconds where they leave the policy. Not thread-safe: one per stream.
 */
public interface CaptionPolicy {

  /** New audio, right after the audio before it. */
  List<DecodeJob> onAudio(short[] samples);

  /** The VAD found speech beginning at {@code sample} (already received). */
  List<DecodeJob> onSpeechStart(long sample);

  /** The VAD found speech ending at {@code sample}. */
  List<DecodeJob> onSpeechEnd(long sample);

  /**
   * The source ended, or paused (its publisher left): whatever is open is decoded one last time.
   * Audio that follows a pause opens new speech.
   */
  List<DecodeJob> onEndOfStream();

  /** A job's transcript came back; returns the captions to show, in order. */
  List<CaptionUpdate> onTranscript(DecodeJob job, Transcript transcript);

  /** A job could not be transcribed and was given up; the policy may drop state tied to it. */
  default void onSkipped(DecodeJob job) {}

  /**
   * The recognizer no longer holds the utterance {@code job} continues ({@link DecodeJob#feed()}): the job
   * to send instead, with the utterance's audio from its first sample; empty if that audio is gone.
   */
  default Optional<DecodeJob> onResync(DecodeJob job) {
    return Optional.empty();
  }

  /**
   * A job's decode took {@code elapsedMs}, from sent to answered (told before its transcript): a policy may
   * decode less when decodes take longer than its step. Returns whether its {@link #pace()} changed.
   */
  default boolean decodeTook(DecodeJob job, long elapsedMs) {
    return false;
  }

  /** Audio the policy left undecoded because the engine could not keep up, in ms so far. */
  default long skippedAudioMs() {
    return 0;
  }

  /** How often and how much the policy decodes now, if it adapts that to the decode times. */
  default Optional<DecodePacer.Pace> pace() {
    return Optional.empty();
  }

  /** Confirmed text to condition the next decode on (may be empty). */
  String prompt();
}
