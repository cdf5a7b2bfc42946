package io.captiond.session;

import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.media.Pcm16k;
import io.captiond.asr.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Live captions by local agreement (LocalAgreement-2, after whisper_streaming): while speech goes
 * on, the growing window from its start to now is decoded again every {@code stepMs}; the words on
 * which the last two decodes agree (compared case- and punctuation-insensitively) are confirmed,
 * the rest is shown as tentative. Once the window is longer than {@code trimAfterMs} it is trimmed
 * at the last confirmed segment or sentence end, and it never grows past {@code maxWindowMs}: the
 * oldest unconfirmed words are then confirmed as they stand. The next decode is prompted with the
 * confirmed text that lies before its window (text inside the window is said again by its audio).
 * When speech ends the window is decoded once more and all of it is confirmed; the next speech
 * opens a new window. No jobs on silence. When decodes take longer than the step (a busy machine), a
 * {@link DecodePacer} (with {@code maxStepMs} set) decodes less often and less audio again, so the captions
 * catch up instead of falling further behind, and returns to the configured pace once decodes are quick.
 *
 * <p>Step decodes are {@link DecodeJob.Kind#PARTIAL} jobs, which the session may coalesce (a newer
 * step makes a waiting one pointless); the end-of-speech decode is a {@link DecodeJob.Kind#FINAL}
 * job. A job's {@code utterance} numbers the speech run (from 1) its window belongs to.
 *
 * <p>Confirmed words are never revised or emitted twice (see {@link LocalAgreement}). Word times
 * are clamped to the window they were heard in, and transcripts pass the {@link HallucinationGuard}
 * first: a rejected partial is ignored (the previous hypothesis stands), a rejected final confirms
 * nothing more.
 *
 * <p>Pure logic, no I/O: times are sample offsets from the stream's first sample, and the stream
 * time of sample 0 is {@code baseMs}. Not thread-safe: one per stream.
 */
public final class StreamingPolicy implements CaptionPolicy {

  /**
   * Tuning; durations in milliseconds.
   *
   * @param stepMs new audio between two decodes of the growing window
   * @param trimAfterMs a window longer than this is trimmed at its last confirmed segment or sentence end
   * @param maxWindowMs hard limit of a decoded window (Whisper reads 30 s at most)
   * @param minSpeechMs speech shorter than this that was never decoded is dropped; a final window is at least this long
   * @param idleKeepMs audio kept during silence, for speech starts that the VAD reports late and padded back
   * @param seamMs how far after the last confirmed word a repeat of it is still taken for the same speech
   * @param guard the hallucination thresholds
   * @param maxStepMs when decodes take longer than the step, the step stretches up to this and the window
   *     decoded again shrinks ({@link DecodePacer}); 0: the pace never changes
   */
  public record Config(
      long stepMs,
      long trimAfterMs,
      long maxWindowMs,
      long minSpeechMs,
      long idleKeepMs,
      long seamMs,
      HallucinationGuard.Config guard,
      long maxStepMs) {

    /** A pace that never changes. */
    public Config(long stepMs, long trimAfterMs, long maxWindowMs, long minSpeechMs, long idleKeepMs, long seamMs,
        HallucinationGuard.Config guard) {
      this(stepMs, trimAfterMs, maxWindowMs, minSpeechMs, idleKeepMs, seamMs, guard, 0);
    }

    public Config {
      Objects.requireNonNull(guard, "guard");
      if (stepMs < 100 || stepMs > 5_000) {
        throw new IllegalArgumentException("step must be 100..5000 ms, was " + stepMs);
      }
      if (maxWindowMs < 2_000 || maxWindowMs > 30_000) {
        throw new IllegalArgumentException("max window must be 2000..30000 ms, was " + maxWindowMs);
      }
      if (stepMs * 2 > maxWindowMs) {
        throw new IllegalArgumentException("max window (" + maxWindowMs + " ms) must hold two steps of " + stepMs + " ms");
      }
      if (trimAfterMs < stepMs || trimAfterMs > maxWindowMs) {
        throw new IllegalArgumentException(
            "trim-after must be between the step (" + stepMs + ") and the max window (" + maxWindowMs + ") ms, was " + trimAfterMs);
      }
      if (minSpeechMs < 0 || minSpeechMs > 5_000) {
        throw new IllegalArgumentException("min speech must be 0..5000 ms, was " + minSpeechMs);
      }
      if (idleKeepMs < 0 || idleKeepMs > 10_000) {
        throw new IllegalArgumentException("idle keep must be 0..10000 ms, was " + idleKeepMs);
      }
      if (seamMs < 0 || seamMs > 5_000) {
        throw new IllegalArgumentException("seam must be 0..5000 ms, was " + seamMs);
      }
      if (maxStepMs != 0 && (maxStepMs < stepMs || maxStepMs * 2 > maxWindowMs)) {
        throw new IllegalArgumentException("max step must be 0 (the step never stretches) or between the step ("
            + stepMs + ") and half the max window (" + maxWindowMs + ") ms, was " + maxStepMs);
      }
    }

    /** The same, with the pace slowing down to a step of {@code ms} at most when decodes fall behind (0: never). */
    public Config withMaxStep(long ms) {
      return new Config(stepMs, trimAfterMs, maxWindowMs, minSpeechMs, idleKeepMs, seamMs, guard, ms);
    }

    public static Config defaults() {
      return new Config(1_000, 15_000, 30_000, 300, 2_000, 500, HallucinationGuard.Config.defaults());
    }
  }

  private final Config config;
  private final long baseMs;
  private final HallucinationGuard guard;
  private final AudioBuffer audio;
  /** Slows the decodes down when they fall behind; null: the configured pace always. */
  private final DecodePacer pacer;

  // The open speech run and its window; audio before decodedEnd has been decoded (in the open speech).
  private long utterances;
  private boolean inSpeech;
  private long windowStart;
  private long lastStepEnd;
  private long decodedEnd;
  private long skippedSamples;
  private boolean stepped;

  // The hypotheses; the tail belongs to utterance `hypothesisUtterance`.
  private final LocalAgreement agreement;
  private long hypothesisUtterance;
  private long finishedUtterance;
  private List<Long> segmentEnds = List.of();
  private final TentativeLine tentative = new TentativeLine();

  // Confirmed words still inside the window (kept out of the prompt), and what is yet to be reported.
  private final List<Word> confirmedInWindow = new ArrayList<>();
  private final List<CaptionUpdate> forcedUpdates = new ArrayList<>();
  private String prompt = "";

  public StreamingPolicy(Config config, long baseMs) {
    this.config = Objects.requireNonNull(config, "config");
    this.baseMs = baseMs;
    this.audio = new AudioBuffer(baseMs);
    this.guard = new HallucinationGuard(config.guard());
    this.agreement = new LocalAgreement(config.seamMs());
    this.pacer = config.maxStepMs() == 0 ? null
        : new DecodePacer(config.stepMs(), config.maxStepMs(), config.maxWindowMs());
  }

  public boolean inSpeech() {
    return inSpeech;
  }

  /** The stream's position: one past the last sample received. */
  public long position() {
    return audio.end();
  }

  public long toStreamMs(long sample) {
    return audio.toStreamMs(sample);
  }

  @Override
  public List<DecodeJob> onAudio(short[] samples) {
    audio.append(samples);
    if (!inSpeech) {
      audio.discardBefore(audio.end() - Pcm16k.msToSamples(config.idleKeepMs()));
      return List.of();
    }
    if (audio.end() - lastStepEnd < Pcm16k.msToSamples(pacer == null ? config.stepMs() : pacer.stepMs())) {
      return List.of();
    }
    lastStepEnd = audio.end();
    capWindow(audio.end());
    stepped = true;
    return List.of(job(DecodeJob.Kind.PARTIAL, windowStart, audio.end()));
  }

  @Override
  public List<DecodeJob> onSpeechStart(long sample) {
    if (inSpeech) {
      return List.of();
    }
    inSpeech = true;
    utterances++;
    // Speech reported early (padded back) must not reach into audio whose words are already confirmed:
    // heard again, they would come back as other words.
    long afterConfirmed = agreement.confirmedEndMs() == Long.MIN_VALUE ? 0 : toSample(agreement.confirmedEndMs());
    windowStart = Math.min(Math.max(Math.max(sample, afterConfirmed), audio.start()), audio.end());
    lastStepEnd = windowStart;
    decodedEnd = windowStart;
    stepped = false;
    return List.of();
  }

  @Override
  public List<DecodeJob> onSpeechEnd(long sample) {
    if (!inSpeech) {
      return List.of();
    }
    inSpeech = false;
    long end = Math.min(Math.max(sample, windowStart), audio.end());
    long minSamples = Pcm16k.msToSamples(config.minSpeechMs());
    if (!stepped && end - windowStart < minSamples) {
      return List.of();
    }
    capWindow(end);
    // A window trimmed up to the end of speech is widened back: its confirmed words are dropped by time.
    long from = Math.max(audio.start(), Math.min(windowStart, end - minSamples));
    return List.of(job(DecodeJob.Kind.FINAL, from, end));
  }

  @Override
  public List<DecodeJob> onEndOfStream() {
    return onSpeechEnd(audio.end());
  }

  @Override
  public List<CaptionUpdate> onTranscript(DecodeJob job, Transcript transcript) {
    List<CaptionUpdate> updates = new ArrayList<>(forcedUpdates);
    forcedUpdates.clear();
    long utterance = job.utterance();
    if (utterance <= finishedUtterance || utterance < hypothesisUtterance) {
      return updates; // stale: its speech was decoded to the end, or newer speech is already being heard
    }
    if (utterance > hypothesisUtterance) {
      beginHypothesis(utterance);
    }
    Optional<List<Word>> screened = guard.screen(transcript, TimedWords.inWindow(TimedWords.of(transcript), job.window()));
    if (screened.isEmpty() && !job.isFinal()) {
      return updates; // made up: the previous hypothesis stands
    }
    List<Word> words = screened.orElse(List.of());
    // At the slowest pace the next window will not overlap this one: nothing could agree with its words later.
    boolean skipping = pacer != null && pacer.atSlowest() && !job.isFinal();
    confirm(job.isFinal() || skipping ? agreement.insertFinal(words) : agreement.insert(words), updates);
    if (job.isFinal()) {
      finishedUtterance = utterance;
      leaveWindow(Long.MAX_VALUE);
    } else {
      segmentEnds = transcript.segments().stream().map(Segment::endMs).toList();
      if (inSpeech && utterance == utterances) {
        decodedEnd = Math.max(decodedEnd, toSample(job.window().endMs()));
        if (skipping) {
          // From the last word confirmed: a word cut by this window's end is heard whole in the next one.
          long confirmedEnd = agreement.confirmedEndMs();
          moveWindowStart(confirmedEnd == Long.MIN_VALUE ? windowStart : Math.min(decodedEnd, toSample(confirmedEnd)));
        } else {
          trim();
        }
      }
    }
    showTentative(job, updates);
    return updates;
  }

  @Override
  public boolean decodeTook(DecodeJob job, long elapsedMs) {
    return pacer != null
        && pacer.decoded(job.window().endMs(), job.window().durationMs(), elapsedMs, toStreamMs(audio.end()));
  }

  @Override
  public long skippedAudioMs() {
    return Pcm16k.samplesToMs(skippedSamples);
  }

  @Override
  public Optional<DecodePacer.Pace> pace() {
    return Optional.ofNullable(pacer).map(DecodePacer::pace);
  }

  /** A final window given up on: its unconfirmed words are lost, the next window is prompted with all that was confirmed. */
  @Override
  public void onSkipped(DecodeJob job) {
    if (job.isFinal() && job.utterance() > finishedUtterance) {
      finishedUtterance = job.utterance();
      hypothesisUtterance = Math.max(hypothesisUtterance, job.utterance());
      agreement.dropTail();
      leaveWindow(Long.MAX_VALUE);
    }
  }

  @Override
  public String prompt() {
    return prompt;
  }

  private void beginHypothesis(long utterance) {
    // A newer speech run: whatever the older one left unconfirmed (its final was dropped) is lost.
    hypothesisUtterance = utterance;
    agreement.dropTail();
    segmentEnds = List.of();
    leaveWindow(Long.MAX_VALUE);
  }

  /** Reports newly confirmed words as one caption; they stay out of the prompt while the window holds them. */
  private void confirm(List<Word> words, List<CaptionUpdate> updates) {
    if (words.isEmpty()) {
      return;
    }
    confirmedInWindow.addAll(words);
    updates.add(CaptionUpdate.ofWords(true, words));
  }

  /** Confirmed words that begin before {@code startMs} are no longer in the window: they become prompt. */
  private void leaveWindow(long startMs) {
    int n = 0;
    while (n < confirmedInWindow.size() && confirmedInWindow.get(n).startMs() < startMs) {
      n++;
    }
    if (n > 0) {
      List<Word> leaving = confirmedInWindow.subList(0, n);
      prompt = PromptText.append(prompt, TimedWords.join(leaving));
      leaving.clear();
    }
  }

  /** A long window is cut at its last confirmed segment end or sentence end, if it has one. */
  private void trim() {
    if (audio.end() - windowStart <= Pcm16k.msToSamples(config.trimAfterMs())) {
      return;
    }
    long startMs = toStreamMs(windowStart);
    long cut = startMs;
    for (long end : segmentEnds) {
      if (end <= agreement.confirmedEndMs()) {
        cut = Math.max(cut, end);
      }
    }
    for (Word word : confirmedInWindow) {
      if (TimedWords.endsSentence(word.text())) {
        cut = Math.max(cut, word.endMs());
      }
    }
    if (cut > startMs) {
      moveWindowStart(toSample(cut));
    }
  }

  /**
   * Keeps the window ending at {@code end} within the max window: when it would be longer, the
   * words of the last hypothesis that begin before the required start are confirmed as they stand
   * (reported with the next transcript) and the window starts after them. A pace slowed down caps the
   * window shorter, but never past what was decoded (less the overlap the next decode agrees on), unless at
   * its slowest: then the audio the engine cannot reach is skipped, and counted.
   */
  private void capWindow(long end) {
    long required = end - Pcm16k.msToSamples(config.maxWindowMs());
    if (pacer != null && pacer.windowCapMs() < config.maxWindowMs()) {
      long capped = end - Pcm16k.msToSamples(pacer.windowCapMs());
      long undecoded = decodedEnd - Pcm16k.msToSamples(DecodePacer.OVERLAP_MS);
      required = Math.max(required, pacer.atSlowest() ? capped : Math.min(capped, undecoded));
      skippedSamples += Math.max(0, Math.min(required, end) - Math.max(windowStart, decodedEnd));
    }
    if (windowStart >= required) {
      return;
    }
    long start = required;
    if (hypothesisUtterance == utterances) {
      List<Word> forced = agreement.confirmTailBefore(toStreamMs(required));
      if (!forced.isEmpty()) {
        confirm(forced, forcedUpdates);
        start = Math.max(start, toSample(forced.get(forced.size() - 1).endMs()));
      }
    }
    moveWindowStart(Math.min(start, end));
  }

  private void moveWindowStart(long sample) {
    windowStart = Math.max(windowStart, sample);
    audio.discardBefore(windowStart);
    leaveWindow(toStreamMs(windowStart));
  }

  private void showTentative(DecodeJob job, List<CaptionUpdate> updates) {
    tentative.show(agreement.tail(), job.window().endMs()).ifPresent(updates::add);
  }


  private long toSample(long streamMs) {
    return Math.max(0, Pcm16k.msToSamples(streamMs - baseMs));
  }

  private DecodeJob job(DecodeJob.Kind kind, long from, long to) {
    return new DecodeJob(kind, utterances, audio.window(from, to));
  }
}
