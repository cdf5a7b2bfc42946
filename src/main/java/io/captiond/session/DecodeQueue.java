package io.captiond.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The decode jobs of one stream waiting for the recognizer, one in flight at a time so that
 * captions come back in order. A new partial makes older waiting partials pointless, so it replaces
 * them; finals are kept in order. When more than {@code maxFinals} finals wait (the recognizer
 * cannot keep up), the oldest is dropped and counted: the stream goes on with a gap. Pure,
 * single-threaded.
 */
final class DecodeQueue {

  private final ArrayDeque<DecodeJob> waiting = new ArrayDeque<>();
  private final int maxFinals;
  private DecodeJob inFlight;
  private long droppedFinals;

  DecodeQueue(int maxFinals) {
    this.maxFinals = maxFinals;
  }

  void offer(DecodeJob job) {
    waiting.removeIf(w -> !w.isFinal());
    waiting.addLast(job);
    if (waitingFinals() > maxFinals) {
      for (Iterator<DecodeJob> it = waiting.iterator(); it.hasNext(); ) {
        if (it.next().isFinal()) {
          it.remove();
          droppedFinals++;
          break;
        }
      }
    }
  }

  /** The next job to run, if none is in flight. */
  Optional<DecodeJob> start() {
    if (inFlight != null || waiting.isEmpty()) {
      return Optional.empty();
    }
    inFlight = waiting.removeFirst();
    return Optional.of(inFlight);
  }

  void finished() {
    inFlight = null;
  }

  boolean idle() {
    return inFlight == null && waiting.isEmpty();
  }

  int depth() {
    return waiting.size() + (inFlight == null ? 0 : 1);
  }

  long droppedFinals() {
    return droppedFinals;
  }

  private long waitingFinals() {
    return waiting.stream().filter(DecodeJob::isFinal).count();
  }
}
