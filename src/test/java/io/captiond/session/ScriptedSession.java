package io.captiond.session;

import io.captiond.asr.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives a policy as the session does, with a scripted engine: audio in 100 ms chunks of
 * silence-valued samples, speech edges, jobs through a real {@link DecodeQueue} (one in flight,
 * waiting partials coalesced). A decode takes {@code decodeMs} of stream time (0: answers at once);
 * an engine that returns {@code null} failed, and the job is skipped.
 */
final class ScriptedSession {

  static final int CHUNK_MS = 100;

  final CaptionPolicy policy;
  final Function<DecodeJob, Transcript> engine;
  final DecodeQueue queue = new DecodeQueue(16);
  final List<DecodeJob> issued = new ArrayList<>();
  final List<DecodeJob> decoded = new ArrayList<>();
  final List<String> prompts = new ArrayList<>();
  final List<CaptionUpdate> updates = new ArrayList<>();
  long decodeMs;
  private long positionMs;
  private DecodeJob inFlight;
  private long doneAtMs;

  ScriptedSession(CaptionPolicy policy, Function<DecodeJob, Transcript> engine) {
    this.policy = policy;
    this.engine = engine;
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

  private void enqueue(List<DecodeJob> jobs) {
    for (DecodeJob job : jobs) {
      issued.add(job);
      queue.offer(job);
    }
    drain();
  }

  private void drain() {
    while (true) {
      if (inFlight != null) {
        if (positionMs < doneAtMs) {
          return;
        }
        Transcript transcript = engine.apply(inFlight);
        if (transcript == null) {
          policy.onSkipped(inFlight); // the engine failed: the session gives the job up
        } else {
          updates.addAll(policy.onTranscript(inFlight, transcript));
        }
        inFlight = null;
        queue.finished();
      }
      Optional<DecodeJob> next = queue.start();
      if (next.isEmpty()) {
        return;
      }
      inFlight = next.get();
      decoded.add(inFlight);
      prompts.add(policy.prompt());
      doneAtMs = positionMs + decodeMs;
    }
  }
}
