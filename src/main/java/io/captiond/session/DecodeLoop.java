package io.captiond.session;

import io.captiond.asr.Transcript;
import io.captiond.logging.RepeatThrottle;
import io.captiond.vad.SpeechEdge;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The decode side of one stream, between its {@link CaptionPolicy} and the recognizer: the jobs the
 * policy asks for wait in a {@link DecodeQueue}, one at a time goes to the recognizer (so captions
 * come back in order, each decode prompted with the text confirmed so far), and what comes back goes
 * to the policy. The retry rule: a final that fails is asked for once more; a partial that fails, or
 * a final that fails twice, is given up, and the stream goes on with a gap. After
 * {@link #DEGRADED_AFTER} windows given up in a row the listener hears that the recognizer is failing,
 * and hears it is well again with the next window that succeeds. A piece of an utterance that the
 * recognizer has lost ({@link #resync}) is replaced by the whole utterance so far, and that is no failure.
 *
 * <p>A failure that repeats (the recognizer down: every window of the stream fails the same way) is
 * logged in full for its first window, then counted: one line per {@link RepeatThrottle#INTERVAL_MS}
 * says how many more windows failed so (a {@link RepeatThrottle}); a different failure, or windows
 * transcribed again, are logged at once. The counts ({@link #gaps}, the listener's) stay exact.
 *
 * Each decode is timed, from sent to answered, and the time told to the policy, which may decode less
 * when decodes take longer than its step ({@link CaptionPolicy#decodeTook}); a change of pace is logged
 * and heard by the listener.
 *
 * <p>Pure and single-threaded: the recognizer is asked through {@link Recognizer} and answers, on the
 * same thread, through {@link #succeeded} or {@link #failed}, at once or later; time comes from the clock
 * it is given.
 */
final class DecodeLoop {

  /** Where windows go to be transcribed. */
  interface Recognizer {
    /** Transcribes {@code job}'s window, then calls {@link #succeeded} or {@link #failed}; attempt counts from 1. */
    void transcribe(DecodeJob job, String prompt, int attempt);
  }

  /** Hears what came of each job. */
  interface Listener {
    /** The policy's captions from a job's transcript, in order. */
    void transcribed(DecodeJob job, List<CaptionUpdate> updates);

    /** A final was given up: its window will have no captions. */
    default void gap(DecodeJob job, String why) {}

    /** A job is done, whatever came of it (the next may have been started). */
    default void finished(DecodeJob job) {}

    /**
     * The recognizer has failed {@link #DEGRADED_AFTER} windows in a row ({@code problem} says how), or
     * works again ({@code null}) once a window succeeds.
     */
    default void recognizerHealth(String problem) {}

    /** The policy changed its pace: decodes fell behind its step, or were quick again. */
    default void paced(DecodePacer.Pace before, DecodePacer.Pace after) {}
  }

  static final int FINAL_ATTEMPTS = 2;
  /** Windows given up in a row after which the stream reports its captions degraded. */
  static final int DEGRADED_AFTER = 3;
  /** While catching up, the shortest window a partial is still decoded for. */
  static final long CATCH_UP_PARTIAL_MS = 10_000;
  private static final Logger LOG = Logger.getLogger(DecodeLoop.class.getName());

  private final String streamId;
  private final CaptionPolicy policy;
  private final DecodeQueue queue;
  private final Recognizer recognizer;
  private final Listener listener;
  private final LongSupplier clockMs;
  private DecodeJob inFlight;
  private long sentAtMs;
  private int attempt;
  private long done;
  private long gaps;
  private long resyncs;
  private int givenUpInARow;
  private boolean catchingUp;
  private final RepeatThrottle failureLog;
  /** Whether the lines about the failing window in flight are logged, and the kind of its first failure. */
  private boolean windowLogged;
  private String windowFailure;
  /** Gaps not logged since the last line about the failures. */
  private long gapsHeld;

  DecodeLoop(String streamId, CaptionPolicy policy, int maxQueuedFinals, Recognizer recognizer, Listener listener) {
    this(streamId, policy, maxQueuedFinals, recognizer, listener, () -> System.nanoTime() / 1_000_000);
  }

  /** @param clockMs a monotonic clock in milliseconds, to time decodes by */
  DecodeLoop(String streamId, CaptionPolicy policy, int maxQueuedFinals, Recognizer recognizer, Listener listener,
      LongSupplier clockMs) {
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    this.streamId = streamId;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.queue = new DecodeQueue(maxQueuedFinals);
    this.recognizer = recognizer;
    this.listener = listener;
    this.failureLog = new RepeatThrottle(clockMs, this::logRepeats);
  }

  CaptionPolicy policy() {
    return policy;
  }

  /** Queues the jobs the policy asked for and starts the next if none is in flight. */
  void offer(List<DecodeJob> jobs) {
    for (DecodeJob job : jobs) {
      if (job.isFinal() || !catchingUp || job.window().durationMs() >= CATCH_UP_PARTIAL_MS) {
        queue.offer(job);
      }
    }
    startNext();
  }

  /**
   * Whether the audio coming is behind real time (a publisher left what it had sent ahead): partials
   * of a short window are then skipped, since their tentative text would come after its time; the
   * finals carry the words, and the partials of a long window still let the policy trim it.
   */
  void catchUp(boolean on) {
    catchingUp = on;
  }

  /** Speech edges the VAD found, to the policy, and the jobs it asks for to the queue. */
  void speech(List<SpeechEdge> edges) {
    for (SpeechEdge edge : edges) {
      offer(edge.kind() == SpeechEdge.Kind.START ? policy.onSpeechStart(edge.sample())
          : policy.onSpeechEnd(edge.sample()));
    }
  }

  /**
   * The audio so far is complete (the source paused or ended): the speech still open, closed by
   * {@code flushed} (the VAD's closing edges) or else by the policy, is decoded to its end at once.
   */
  void endSpeech(List<SpeechEdge> flushed) {
    speech(flushed);
    offer(policy.onEndOfStream());
  }

  void succeeded(DecodeJob job, Transcript transcript) {
    if (job != inFlight) {
      return;
    }
    timed(job);
    listener.transcribed(job, policy.onTranscript(job, transcript));
    if (givenUpInARow >= DEGRADED_AFTER) {
      failureLog.reset();
      LOG.info(() -> "stream " + streamId + ": windows transcribed again after " + givenUpInARow + " given up");
      listener.recognizerHealth(null);
    }
    givenUpInARow = 0;
    finish(job);
  }

  /**
   * The recognizer lost the utterance {@code job} continues: the policy's job with the utterance's audio
   * from its start takes its place (once; a job that needs a second resync fails).
   */
  void resync(DecodeJob job, String why) {
    if (job != inFlight) {
      return;
    }
    Optional<DecodeJob> again = job.feed() != null && job.feed().offset() > 0 ? policy.onResync(job) : Optional.empty();
    if (again.isEmpty()) {
      failed(job, why);
      return;
    }
    resyncs++;
    LOG.fine(() -> "stream " + streamId + ": " + why + "; sending utterance " + job.utterance() + " from its start");
    inFlight = again.get();
    send(inFlight);
  }

  void failed(DecodeJob job, String why) {
    if (job != inFlight) {
      return;
    }
    if (job.isFinal() && attempt < FINAL_ATTEMPTS) {
      attempt++;
      windowFailure = RepeatThrottle.kindOf(why);
      windowLogged = failureLog.admit(windowFailure, why);
      if (windowLogged) {
        LOG.warning(() -> "stream " + streamId + ": window at " + job.window().startMs()
            + " ms failed (" + why + "), retrying once");
      }
      send(job);
      return;
    }
    policy.onSkipped(job);
    if (++givenUpInARow >= DEGRADED_AFTER) {
      listener.recognizerHealth(givenUpInARow + " windows in a row skipped; last: " + why);
    }
    if (job.isFinal()) {
      gaps++;
      if (windowLogged || !RepeatThrottle.kindOf(why).equals(windowFailure)) {
        LOG.warning(() -> "stream " + streamId + ": gap in captions from " + job.window().startMs()
            + " to " + job.window().endMs() + " ms: " + why);
      } else {
        gapsHeld++;
      }
      listener.gap(job, why);
    }
    finish(job);
  }

  /** Logs the summary of the failures held back once its interval is over (call every second or so). */
  void logHeldFailuresIfDue() {
    failureLog.flushIfDue();
  }

  /** Logs the summary of the failures held back now (the stream stops). */
  void logHeldFailures() {
    failureLog.reset();
  }

  private void logRepeats(long held, long overMs, long sinceFirstMs, String latest) {
    long gapsNotLogged = gapsHeld;
    gapsHeld = 0;
    LOG.warning(() -> "stream " + streamId + ": " + held + (held == 1 ? " more window" : " more windows")
        + " failed the same way in the last "
        + seconds(overMs) + " s, " + gapsNotLogged + " of them left as gaps in captions (the first "
        + seconds(sinceFirstMs) + " s ago); the latest: " + latest);
  }

  private static long seconds(long ms) {
    return (ms + 500) / 1000;
  }

  boolean idle() {
    return queue.idle();
  }

  int depth() {
    return queue.depth();
  }

  /** Jobs done so far: a change tells that captions may have come in between two looks. */
  long done() {
    return done;
  }

  /** Jobs sent again from their utterance's start because the recognizer had lost it. */
  long resyncs() {
    return resyncs;
  }

  /** Finals given up after failing. */
  long gaps() {
    return gaps;
  }

  private void finish(DecodeJob job) {
    inFlight = null;
    done++;
    queue.finished();
    startNext();
    listener.finished(job);
  }

  private void startNext() {
    if (inFlight != null) {
      return;
    }
    queue.start().ifPresent(job -> {
      inFlight = job;
      attempt = 1;
      send(job);
    });
  }

  private void send(DecodeJob job) {
    sentAtMs = clockMs.getAsLong();
    recognizer.transcribe(job, policy.prompt(), attempt);
  }

  /** Tells the policy how long {@code job}'s decode took; logs a change of pace. */
  private void timed(DecodeJob job) {
    long tookMs = clockMs.getAsLong() - sentAtMs;
    Optional<DecodePacer.Pace> before = policy.pace();
    if (policy.decodeTook(job, tookMs) && before.isPresent()) {
      DecodePacer.Pace after = policy.pace().orElseThrow();
      LOG.info(() -> "stream " + streamId + ": a decode of " + job.window().durationMs() + " ms of audio took "
          + tookMs + " ms; decoding every " + after.stepMs() + " ms (was " + before.get().stepMs()
          + "), at most " + after.windowCapMs() + " ms again (was " + before.get().windowCapMs() + ")");
      listener.paced(before.get(), after);
    }
  }
}
