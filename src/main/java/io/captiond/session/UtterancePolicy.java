package io.captiond.session;

import io.captiond.asr.Transcript;
import io.captiond.media.Pcm16k;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns audio and voice activity into decode jobs, utterance by utterance: while speech goes on, the
 * open utterance is re-decoded every {@code partialIntervalMs} for tentative text; when speech ends
 * it is decoded once more for the final caption; speech longer than {@code maxUtteranceMs} is cut
 * into finals of that length. No jobs on silence.
 *
 * <p>Pure logic, no I/O: times are sample offsets from the stream's first sample, and the stream
 * time of sample 0 is {@code baseMs}.
 */
public final class UtterancePolicy implements CaptionPolicy {

  /** Tuning of the policy; all durations in milliseconds. */
  public record Config(long partialIntervalMs, long maxUtteranceMs, long minUtteranceMs, long idleKeepMs) {

    public Config {
      if (partialIntervalMs < 100 || partialIntervalMs > 5_000) {
        throw new IllegalArgumentException("partial interval must be 100..5000 ms, was " + partialIntervalMs);
      }
      if (maxUtteranceMs < 1_000 || maxUtteranceMs > 30_000) {
        throw new IllegalArgumentException("max utterance must be 1000..30000 ms, was " + maxUtteranceMs);
      }
    }

    public static Config defaults() {
      return new Config(1_000, 10_000, 300, 2_000);
    }
  }

  private final Config config;
  private final AudioBuffer audio;
  private long utteranceStart = -1;
  private long utterances;
  private long lastPartialEnd;
  private String lastTentative = "";
  private String prompt = "";

  public UtterancePolicy(Config config, long baseMs) {
    this.config = config;
    this.audio = new AudioBuffer(baseMs);
  }

  public boolean inSpeech() {
    return utteranceStart >= 0;
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
    List<DecodeJob> jobs = new ArrayList<>();
    if (!inSpeech()) {
      audio.discardBefore(audio.end() - Pcm16k.msToSamples(config.idleKeepMs()));
      return jobs;
    }
    long maxSamples = Pcm16k.msToSamples(config.maxUtteranceMs());
    while (audio.end() - utteranceStart >= maxSamples) {
      long cut = utteranceStart + maxSamples;
      jobs.add(closeUtterance(cut));
      openUtterance(cut);
    }
    if (audio.end() - lastPartialEnd >= Pcm16k.msToSamples(config.partialIntervalMs())) {
      lastPartialEnd = audio.end();
      jobs.add(job(DecodeJob.Kind.PARTIAL, utteranceStart, audio.end()));
    }
    return jobs;
  }

  /** Speech began at {@code sample} (the detector's padded start, already received). */
  @Override
  public List<DecodeJob> onSpeechStart(long sample) {
    if (!inSpeech()) {
      openUtterance(Math.max(sample, audio.start()));
    }
    return List.of();
  }

  /** Speech ended at {@code sample}: the utterance is final. */
  @Override
  public List<DecodeJob> onSpeechEnd(long sample) {
    if (!inSpeech()) {
      return List.of();
    }
    long end = Math.min(Math.max(sample, utteranceStart), audio.end());
    if ((end - utteranceStart) < Pcm16k.msToSamples(config.minUtteranceMs())) {
      utteranceStart = -1;
      return List.of();
    }
    DecodeJob last = closeUtterance(end);
    utteranceStart = -1;
    return List.of(last);
  }

  /** The source ended: an open utterance is decoded to its end. */
  @Override
  public List<DecodeJob> onEndOfStream() {
    return onSpeechEnd(audio.end());
  }

  @Override
  public List<CaptionUpdate> onTranscript(DecodeJob job, Transcript transcript) {
    CaptionDraft draft = CaptionDraft.of(job.window(), transcript);
    if (!job.isFinal()) {
      if (draft.isEmpty() || draft.text().equals(lastTentative)) {
        return List.of();
      }
      lastTentative = draft.text();
      return List.of(CaptionUpdate.tentative(draft.text(), draft.startMs(), draft.endMs()));
    }
    boolean tentativeShown = !lastTentative.isEmpty();
    lastTentative = "";
    if (draft.isEmpty()) {
      return tentativeShown
          ? List.of(CaptionUpdate.tentative("", draft.startMs(), draft.startMs()))
          : List.of();
    }
    prompt = PromptText.append(prompt, draft.text());
    return List.of(CaptionUpdate.confirmed(draft.text(), draft.startMs(), draft.endMs()));
  }

  @Override
  public String prompt() {
    return prompt;
  }

  private void openUtterance(long start) {
    utteranceStart = start;
    lastPartialEnd = start;
    utterances++;
  }

  private DecodeJob closeUtterance(long end) {
    DecodeJob job = job(DecodeJob.Kind.FINAL, utteranceStart, end);
    audio.discardBefore(end);
    return job;
  }

  private DecodeJob job(DecodeJob.Kind kind, long from, long to) {
    return new DecodeJob(kind, utterances, audio.window(from, to));
  }
}
