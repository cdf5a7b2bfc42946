package io.captiond.session;

import io.captiond.asr.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives a policy through the session's real {@link DecodeLoop} (one decode in flight, waiting
 * partials coalesced, a failed final asked for once more) with a scripted engine: audio in 100 ms
 * chunks of silence-valued samples, speech edges. A decode takes {@code decodeMs} of stream time
 * (0: answers at once), or what {@code decodeTime} says for its job (the loop times decodes by stream
 * time); an engine that returns {@code null} failed, on the retry too, and the job is
 * given up.
 */
final class ScriptedSession implements DecodeLoop.Recognizer, DecodeLoop.Listener {

  static final int CHUNK_MS = 100;

  final CaptionPolicy policy;
  final Function<DecodeJob, Transcript> engine;
  final DecodeLoop loop;
  final List<DecodeJob> issued = new ArrayList<>();
  final List<DecodeJob> decoded = new ArrayList<>();
  final List<String> prompts = new ArrayList<>();
  final List<CaptionUpdate> updates = new ArrayList<>();
  long decodeMs;
  java.util.function.ToLongFunction<DecodeJob> decodeTime = job -> decodeMs;
  private long positionMs;
  private DecodeJob asked;
  private int askedAttempt;
  private long doneAtMs;

  ScriptedSession(CaptionPolicy policy, Function<DecodeJob, Transcript> engine) {
    this.policy = policy;
    this.engine = engine;
    this.loop = new DecodeLoop("scripted", policy, 16, this, this, () -> positionMs);
  }

  ScriptedSession audio(long ms) {
    for (long fed = 0; fed < ms; fed += CHUNK_MS) {
      positionMs += CHUNK_MS;
      enqueue(policy.onAudio(new short[CHUNK_MS * 16]));
    }
    return this;
  }

  ScriptedSession speechStart(long ms) {
    enqueue(policy.onSpeechStart(ms * 16));
    return this;
  }

  ScriptedSession speechEnd(long ms) {
    enqueue(policy.onSpeechEnd(ms * 16));
    return this;
  }

  /** The source ended: everything open is decoded, however long it takes. */
  ScriptedSession endOfStream() {
    enqueue(policy.onEndOfStream());
    finish();
    return this;
  }

  /** Lets all waiting decodes finish. */
  ScriptedSession finish() {
    positionMs += 1_000_000;
    drain();
    positionMs -= 1_000_000;
    return this;
  }

  long positionMs() {
    return positionMs;
  }

  List<CaptionUpdate> confirmed() {
    return updates.stream().filter(CaptionUpdate::confirmed).toList();
  }

  String confirmedText() {
    return confirmed().stream().map(CaptionUpdate::text).collect(Collectors.joining(" "));
  }

  List<CaptionUpdate> tentatives() {
    return updates.stream().filter(u -> !u.confirmed()).toList();
  }

  /** Updates from the last decode that produced any. */
  List<CaptionUpdate> takeUpdates() {
    List<CaptionUpdate> taken = List.copyOf(updates);
    updates.clear();
    return taken;
  }

  @Override
  public void transcribe(DecodeJob job, String prompt, int attempt) {
    if (attempt == 1) {
      decoded.add(job);
      prompts.add(prompt);
      doneAtMs = positionMs + decodeTime.applyAsLong(job);
    }
    asked = job;
    askedAttempt = attempt;
  }

  @Override
  public void transcribed(DecodeJob job, List<CaptionUpdate> more) {
    updates.addAll(more);
  }

  private void enqueue(List<DecodeJob> jobs) {
    issued.addAll(jobs);
    loop.offer(jobs);
    drain();
  }

  /** Answers the decode in flight once its time has come, and the next, and so on. */
  private void drain() {
    while (asked != null && positionMs >= doneAtMs) {
      DecodeJob job = asked;
      asked = null;
      Transcript transcript = askedAttempt == 1 ? engine.apply(job) : null;
      if (transcript == null) {
        loop.failed(job, "the scripted engine failed");
      } else {
        loop.succeeded(job, transcript);
      }
    }
  }
}
