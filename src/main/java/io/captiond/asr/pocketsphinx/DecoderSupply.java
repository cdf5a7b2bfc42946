package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The decoders of utterances fed as they arrive: at most {@code max} alive, the idle ones kept for the next
 * utterance (preferably of the source each heard last), and {@code ready} loaded ahead of need: while fewer
 * than {@code ready} are lent the rest wait idle, and once more are lent {@link #SPARE} more wait loaded.
 * A node sized for a burst ({@code ready} 16) thus holds 16 until more than 14 are lent, not 16 idle on top
 * of every lent one.
 *
 * <p>A decoder takes 0.2-0.5 s of CPU to load (its own copy of the models). Loading never holds
 * this lock, so that decoders are lent and given back meanwhile; the ones kept ready are loaded by the
 * loader, one task each, so that a stream that starts speaking finds one waiting rather than waiting for it.
 * Idle ones past those kept ready that no utterance took for {@link #KEEP_IDLE_MS} are freed (by the loader,
 * off every lock), so that the memory of a burst of streams comes back once it is over.
 */
final class DecoderSupply implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DecoderSupply.class.getName());

  /** How long an idle decoder past those kept ready is kept for the next utterance (~80 MB each). */
  static final long KEEP_IDLE_MS = 300_000;

  /** Idle decoders kept loading ahead once the ready ones are lent (at most {@code ready}). */
  static final int SPARE = 2;

  /**
   * A decoder lent out.
   *
   * @param fresh it heard nothing before (loaded for this utterance or ahead of it)
   */
  record Lent(UtteranceDecoder decoder, boolean fresh) {}

  private record Idle(UtteranceDecoder decoder, String source, boolean fresh, long sinceMs) {}

  private final int max;
  private final int ready;
  private final Executor loader;
  private final FeedSessions.Factory factory;
  private final LongSupplier clockMs;
  /** Idle decoders, the most recently used first, each with the source it heard last ("" for none). */
  private final Deque<Idle> idle = new ArrayDeque<>();
  /** Alive, lent, idle or being loaded; never more than {@link #max}. */
  private int alive;
  /** Being loaded by the loader to be kept ready (counted in {@link #alive}). */
  private int loading;
  private boolean closed;

  /**
   * @param ready idle decoders kept loaded ahead of need (0..max)
   * @param loader where they are loaded, one task a decoder
   */
  DecoderSupply(int max, int ready, Executor loader, FeedSessions.Factory factory) {
    this(max, ready, loader, factory, System::currentTimeMillis);
  }

  /** @param clockMs how long a decoder was idle is told by */
  DecoderSupply(int max, int ready, Executor loader, FeedSessions.Factory factory, LongSupplier clockMs) {
    if (max < 1 || ready < 0 || ready > max) {
      throw new IllegalArgumentException("need 1 or more decoders and 0.." + max + " ready, was " + max + " and "
          + ready);
    }
    this.max = max;
    this.ready = ready;
    this.loader = loader;
    this.factory = factory;
    this.clockMs = clockMs;
  }

  /**
   * Loads the decoders kept ready now, at least one, on the caller's thread: the node takes streams with them
   * loaded, and a model that cannot load fails here, at start.
   */
  void prime() throws AsrException {
    for (int loaded = 0; loaded < Math.max(1, ready); loaded++) {
      synchronized (this) {
        if (closed || alive >= max) {
          return;
        }
        alive++;
      }
      UtteranceDecoder decoder = load();
      synchronized (this) {
        keepIdle(decoder);
      }
    }
  }

  /** An idle decoder, preferably the one that heard {@code source} last; empty when none is idle. */
  synchronized Optional<Lent> idle(String source) {
    Idle reusable = idle.stream().filter(i -> i.source().equals(source)).findFirst().orElse(idle.peek());
    if (reusable == null) {
      return Optional.empty();
    }
    idle.remove(reusable);
    trimIdle();
    keepReady();
    return Optional.of(new Lent(reusable.decoder(), reusable.fresh()));
  }

  /**
   * A decoder for an utterance no idle one was left for: one loaded ahead as soon as it is (sooner than
   * loading another, which would wait for the loader's anyway), else one loaded now on the caller's
   * thread; empty when {@code max} are alive (the caller takes one from an utterance instead).
   */
  Optional<Lent> obtain() throws AsrException {
    synchronized (this) {
      while (true) {
        requireOpen();
        Idle first = idle.poll();
        if (first != null) {
          keepReady();
          return Optional.of(new Lent(first.decoder(), first.fresh()));
        }
        if (loading == 0) {
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AsrException("interrupted waiting for a pocketsphinx decoder to load");
        }
      }
      if (alive >= max) {
        return Optional.empty();
      }
      alive++;
    }
    UtteranceDecoder loaded = load();
    synchronized (this) {
      if (closed) {
        discard(loaded);
        requireOpen();
      }
      keepReady();
    }
    return Optional.of(new Lent(loaded, true));
  }

  /** Takes back a decoder whose utterance ended or was dropped; it heard {@code source} last. */
  synchronized void giveBack(UtteranceDecoder decoder, String source) {
    if (closed) {
      discard(decoder);
    } else {
      idle.push(new Idle(decoder, source, false, clockMs.getAsLong()));
      trimIdle();
      notifyAll();
    }
  }

  /** Decoders alive now, lent, idle or loading. */
  synchronized int alive() {
    return alive;
  }

  /** Decoders loaded and waiting for an utterance. */
  synchronized int idleCount() {
    return idle.size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    idle.forEach(i -> discard(i.decoder()));
    idle.clear();
    notifyAll(); // callers waiting for a load give up
  }

  /** Asks the loader for more while fewer than {@link #wantedIdle} are idle or on their way. */
  private void keepReady() {
    while (!closed && idle.size() + loading < wantedIdle() && alive < max) {
      alive++;
      loading++;
      loader.execute(this::loadAhead);
    }
  }

  /** Idle decoders (and ones on their way) wanted now: the ready ones not lent, at least the spare ones. */
  private int wantedIdle() {
    int lent = alive - idle.size() - loading;
    return Math.max(Math.min(ready, SPARE), ready - lent);
  }

  private void loadAhead() {
    UtteranceDecoder loaded;
    try {
      loaded = load();
    } catch (AsrException e) {
      synchronized (this) {
        loading--;
        notifyAll();
      }
      LOG.warning(() -> "pocketsphinx could not load a decoder ahead of need: " + e.getMessage());
      return;
    }
    synchronized (this) {
      loading--;
      keepIdle(loaded);
    }
  }

  /** Loads a decoder whose slot was counted in {@link #alive}; on failure the slot is given up. */
  private UtteranceDecoder load() throws AsrException {
    try {
      return factory.create();
    } catch (AsrException | RuntimeException e) {
      synchronized (this) {
        alive--;
      }
      throw e instanceof AsrException asr ? asr : new AsrException("pocketsphinx decoder failed to load", e);
    }
  }

  private void keepIdle(UtteranceDecoder loaded) {
    if (closed) {
      discard(loaded);
      return;
    }
    idle.addLast(new Idle(loaded, "", true, clockMs.getAsLong()));
    notifyAll(); // an utterance may be waiting for it
  }

  /** Frees the idle decoders past those wanted that were idle {@link #KEEP_IDLE_MS}, the longest idle first. */
  private void trimIdle() {
    long now = clockMs.getAsLong();
    List<Idle> longestIdleFirst = idle.stream().sorted(Comparator.comparingLong(Idle::sinceMs)).toList();
    for (Idle candidate : longestIdleFirst) {
      if (idle.size() <= wantedIdle() || now - candidate.sinceMs() < KEEP_IDLE_MS) {
        return;
      }
      idle.remove(candidate);
      alive--;
      loader.execute(candidate.decoder()::close); // ps_free takes a while: not under this lock
      LOG.fine(() -> "pocketsphinx decoder freed after " + (now - candidate.sinceMs()) + " ms idle; " + alive
          + " alive");
    }
  }

  /** Frees a decoder (not idle, not lent any more). */
  synchronized void discard(UtteranceDecoder decoder) {
    decoder.close();
    alive--;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("pocketsphinx engine is closed");
    }
  }
}
