package io.captiond.session;

import io.captiond.asr.Transcript;
import io.captiond.asr.UtteranceFeed;
import io.captiond.asr.Word;
import io.captiond.media.Pcm16k;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Live captions from a streaming recognizer (pocketsphinx), which keeps an utterance's search open
 * between requests: while speech goes on, every {@code stepMs} the audio the recognizer has not yet
 * confirmed having is sent as the next piece of the utterance ({@link UtteranceFeed}), and the
 * recognizer answers with its hypothesis of the whole utterance so far. So no sample is decoded twice,
 * however long the speech. The words on which two hypotheses in a row agree are confirmed at once
 * (LocalAgreement-2, as the {@link StreamingPolicy} does over re-decoded windows) once they end
 * {@code stableMs} before the audio heard (the live search still revises its last words), the rest is
 * shown as tentative. When speech ends, or the utterance reaches {@code maxUtteranceMs} (then a new one opens
 * where it was cut), the last piece ends the utterance and the recognizer's final hypothesis, with its
 * word times, confirms the rest.
 *
 * <p>A piece starts where the last answered one ended, so a piece the session drops or replaces while
 * it waits loses nothing: the next one carries its audio too, and the recognizer skips what it has.
 * When the recognizer has lost the utterance (restart, another worker, expiry), {@link #onResync}
 * gives the job again with all of the utterance's audio from its first sample, which is kept until
 * its final is answered (at most {@code maxUtteranceMs} per unfinished utterance): a failure costs a
 * re-decode, never text.
 *
 * <p>Pure logic, no I/O: times are sample offsets from the stream's first sample, and the stream time
 * of sample 0 is {@code baseMs}. {@code epoch} tells this policy's utterances apart from those of the
 * stream's earlier sessions (a restart counts utterances from 1 again). Not thread-safe: one per stream.
 */
public final class IncrementalPolicy implements CaptionPolicy {

  /**
   * Tuning; durations in milliseconds.
   *
   * @param stepMs new audio between two pieces of open speech (how often tentative text updates)
   * @param maxUtteranceMs an utterance longer than this is ended and a new one opened
   * @param minSpeechMs speech shorter than this that was never sent is dropped
   * @param idleKeepMs audio kept during silence, for speech starts that the VAD reports late
   * @param seamMs how far after the last confirmed word a repeat of it is still taken for the same speech
   * @param stableMs a partial's words that end less than this before the audio it heard are still being
   *     searched (the live search revises its last words most): they are shown, never confirmed
   * @param guard the hallucination thresholds
   */
  public record Config(long stepMs, long maxUtteranceMs, long minSpeechMs, long idleKeepMs, long seamMs,
      long stableMs, HallucinationGuard.Config guard) {

    public Config {
      Objects.requireNonNull(guard, "guard");
      if (stepMs < 100 || stepMs > 5_000) {
        throw new IllegalArgumentException("step must be 100..5000 ms, was " + stepMs);
      }
      if (maxUtteranceMs < 1_000 || maxUtteranceMs > 30_000) {
        throw new IllegalArgumentException("max utterance must be 1000..30000 ms, was " + maxUtteranceMs);
      }
      if (minSpeechMs < 0 || idleKeepMs < 0 || seamMs < 0 || stableMs < 0) {
        throw new IllegalArgumentException("min speech, idle keep, seam and stable must be >= 0");
      }
    }

    public static Config defaults() {
      return new Config(1_000, 10_000, 300, 2_000, 500, DEFAULT_STABLE_MS, HallucinationGuard.Config.defaults());
    }
  }

  /** Found on the harness speech: the live search's last half second or so is what it revises. */
  public static final long DEFAULT_STABLE_MS = 600;

  private final Config config;
  private final String keyPrefix;
  private List<Word> unstable = List.of();
  private final AudioBuffer audio;
  private final HallucinationGuard guard;
  private final LocalAgreement agreement;

  private long utterances;
  private boolean inSpeech;
  private long utteranceStart;
  private long acked;
  private long lastSentEnd;
  private boolean sent;
  /** First samples of the utterances whose final is not answered yet: their audio is kept for a resync. */
  private final TreeMap<Long, Long> unfinished = new TreeMap<>();

  private long hypothesisUtterance;
  private long finishedUtterance;
  private final TentativeLine tentative = new TentativeLine();
  private String prompt = "";

  public IncrementalPolicy(Config config, String streamId, long epoch, long baseMs) {
    this.config = Objects.requireNonNull(config, "config");
    this.keyPrefix = streamId + "/" + Long.toHexString(epoch) + "/";
    this.audio = new AudioBuffer(baseMs);
    this.guard = new HallucinationGuard(config.guard());
    this.agreement = new LocalAgreement(config.seamMs());
  }

  public boolean inSpeech() {
    return inSpeech;
  }

  /** The stream's position: one past the last sample received. */
  public long position() {
    return audio.end();
  }

  /** The oldest sample still held (for a resync of the oldest unfinished utterance). */
  long heldFrom() {
    return audio.start();
  }

  @Override
  public List<DecodeJob> onAudio(short[] samples) {
    audio.append(samples);
    if (!inSpeech) {
      forget();
      return List.of();
    }
    List<DecodeJob> jobs = new ArrayList<>();
    long maxSamples = Pcm16k.msToSamples(config.maxUtteranceMs());
    while (audio.end() - utteranceStart >= maxSamples) {
      long cut = utteranceStart + maxSamples;
      jobs.add(piece(DecodeJob.Kind.FINAL, cut));
      open(cut);
    }
    if (audio.end() - lastSentEnd >= Pcm16k.msToSamples(config.stepMs())) {
      jobs.add(piece(DecodeJob.Kind.PARTIAL, audio.end()));
    }
    return jobs;
  }

  @Override
  public List<DecodeJob> onSpeechStart(long sample) {
    if (!inSpeech) {
      open(Math.min(Math.max(sample, audio.start()), audio.end()));
    }
    return List.of();
  }

  @Override
  public List<DecodeJob> onSpeechEnd(long sample) {
    if (!inSpeech) {
      return List.of();
    }
    inSpeech = false;
    long end = Math.min(Math.max(sample, utteranceStart), audio.end());
    if (!sent && end - utteranceStart < Pcm16k.msToSamples(config.minSpeechMs())) {
      unfinished.remove(utterances);
      forget();
      return List.of();
    }
    return List.of(piece(DecodeJob.Kind.FINAL, end));
  }

  @Override
  public List<DecodeJob> onEndOfStream() {
    return onSpeechEnd(audio.end());
  }

  @Override
  public List<CaptionUpdate> onTranscript(DecodeJob job, Transcript transcript) {
    long utterance = job.utterance();
    if (utterance == utterances && job.feed() != null) {
      acked = Math.max(acked, utteranceStart + job.feed().offset() + job.window().samples().length);
    }
    List<CaptionUpdate> updates = new ArrayList<>();
    if (utterance <= finishedUtterance || utterance < hypothesisUtterance) {
      return updates; // stale: its utterance was finished, or a newer one is already being heard
    }
    if (utterance > hypothesisUtterance) {
      hypothesisUtterance = utterance;
      agreement.dropTail();
      unstable = List.of();
    }
    Optional<List<Word>> screened = guard.screen(transcript, TimedWords.of(transcript));
    if (screened.isEmpty() && !job.isFinal()) {
      return updates; // made up: the previous hypothesis stands
    }
    List<Word> words = screened.orElse(List.of());
    if (job.isFinal()) {
      unstable = List.of();
      confirm(agreement.insertFinal(words), updates);
    } else {
      long horizon = job.window().endMs() - config.stableMs();
      List<Word> stable = words.stream().takeWhile(w -> w.endMs() <= horizon).toList();
      unstable = words.subList(stable.size(), words.size());
      confirm(agreement.insert(stable), updates);
    }
    if (job.isFinal()) {
      finish(utterance);
    }
    showTentative(job, updates);
    return updates;
  }

  /** A final given up on: its unconfirmed words are lost, its audio is no longer kept. */
  @Override
  public void onSkipped(DecodeJob job) {
    if (job.isFinal() && job.utterance() > finishedUtterance) {
      hypothesisUtterance = Math.max(hypothesisUtterance, job.utterance());
      agreement.dropTail();
      finish(job.utterance());
    }
  }

  /** The recognizer lost the utterance: the same job with all its audio from the utterance's first sample. */
  @Override
  public Optional<DecodeJob> onResync(DecodeJob job) {
    Long start = job.feed() == null ? null : unfinished.get(job.utterance());
    if (start == null || start < audio.start()) {
      return Optional.empty();
    }
    long end = start + job.feed().offset() + job.window().samples().length;
    return Optional.of(new DecodeJob(job.kind(), job.utterance(), audio.window(start, end),
        new UtteranceFeed(job.feed().key(), 0, job.feed().last())));
  }

  @Override
  public String prompt() {
    return prompt;
  }

  private void open(long start) {
    inSpeech = true;
    utterances++;
    utteranceStart = start;
    acked = start;
    lastSentEnd = start;
    sent = false;
    unfinished.put(utterances, start);
  }

  /** The next piece of the open utterance, up to {@code to}: from what the recognizer has answered for. */
  private DecodeJob piece(DecodeJob.Kind kind, long to) {
    long from = Math.min(acked, to);
    lastSentEnd = to;
    sent = true;
    UtteranceFeed feed = new UtteranceFeed(keyPrefix + utterances, from - utteranceStart,
        kind == DecodeJob.Kind.FINAL);
    return new DecodeJob(kind, utterances, audio.window(from, to), feed);
  }

  private void finish(long utterance) {
    finishedUtterance = Math.max(finishedUtterance, utterance);
    unfinished.headMap(utterance, true).clear();
    forget();
  }

  /** Drops audio no unfinished utterance needs, keeping {@code idleKeepMs} during silence. */
  private void forget() {
    long keepFrom = inSpeech ? utteranceStart : audio.end() - Pcm16k.msToSamples(config.idleKeepMs());
    if (!unfinished.isEmpty()) {
      keepFrom = Math.min(keepFrom, unfinished.firstEntry().getValue());
    }
    audio.discardBefore(keepFrom);
  }

  private void confirm(List<Word> words, List<CaptionUpdate> updates) {
    if (words.isEmpty()) {
      return;
    }
    prompt = PromptText.append(prompt, TimedWords.join(words));
    updates.add(CaptionUpdate.ofWords(true, words));
  }

  private void showTentative(DecodeJob job, List<CaptionUpdate> updates) {
    List<Word> tail = new ArrayList<>(agreement.tail());
    unstable.stream().filter(w -> w.endMs() > agreement.confirmedEndMs()).forEach(tail::add);
    tentative.show(tail, job.window().endMs()).ifPresent(updates::add);
  }
}
