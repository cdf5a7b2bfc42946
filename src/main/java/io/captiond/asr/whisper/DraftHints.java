package io.captiond.asr.whisper;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The last greedy tokens decoded for each recent window start, kept by an engine as drafts for the
 * next decode of the same window ({@link DraftedDecoder}). The streaming policy decodes a growing
 * window again every step from the same start: the previous decode is usually right for most of
 * the next one.
 *
 * <p>A hint, never state: a miss (another worker took the previous step, the entry aged out, the
 * window moved) only means no draft, and a wrong draft only costs a little time, since the decode
 * takes the model's pick at every position. So workers stay stateless in meaning. The engine sees
 * windows, not streams: a window is known by its start, the first half second of its samples (the
 * same for every step of a growing window, and telling streams apart), its language and task.
 *
 * <p>A window's draft is the decode of the longest shorter window of that key, never its own: a
 * drafted decode's log-probabilities may differ from a plain one's in the last bits (its logits come
 * from calls on several tokens), so decoding the same window again must take the same draft to give
 * the same answer bit for bit; a decode of the same or a longer window in between does not change
 * which shorter decode that is. Each key keeps its {@link #LENGTHS_KEPT} longest windows. Bounded in
 * keys, and a key unused for {@link #MAX_AGE_MS} is dropped. Thread-safe.
 */
final class DraftHints {

  static final int MAX_ENTRIES = 512;
  static final int LENGTHS_KEPT = 3;
  static final long MAX_AGE_MS = 60_000;
  /** Samples that tell windows of one start apart: 0.5 s at 16 kHz. */
  static final int FINGERPRINT_SAMPLES = 8_000;

  private final LongSupplier clockMs;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  DraftHints() {
    this(() -> System.nanoTime() / 1_000_000);
  }

  DraftHints(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  record Key(long startMs, int fingerprint, String language, String task) {}

  /** The tokens decoded for windows of this key, by their length in samples. */
  private record Entry(TreeMap<Integer, int[]> byLength, long usedMs) {}

  static Key key(AudioWindow window, TranscribeOptions options) {
    short[] samples = window.samples();
    int hash = 1;
    for (int i = 0, n = Math.min(samples.length, FINGERPRINT_SAMPLES); i < n; i++) {
      hash = 31 * hash + samples[i];
    }
    return new Key(window.startMs(), hash, Objects.requireNonNullElse(options.language(), ""), options.task());
  }

  /** The tokens decoded for the longest window of {@code key} shorter than {@code samples}, or null. */
  synchronized int[] get(Key key, int samples) {
    long now = clockMs.getAsLong();
    expire(now);
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    entries.put(key, new Entry(entry.byLength(), now));
    Map.Entry<Integer, int[]> shorter = entry.byLength().lowerEntry(samples);
    return shorter == null ? null : shorter.getValue();
  }

  /** Keeps {@code tokens} as decoded for the window of {@code key} of {@code samples} samples. */
  synchronized void put(Key key, int samples, int[] tokens) {
    long now = clockMs.getAsLong();
    expire(now);
    Entry entry = entries.get(key);
    TreeMap<Integer, int[]> byLength = entry == null ? new TreeMap<>() : entry.byLength();
    byLength.put(samples, tokens.clone());
    while (byLength.size() > LENGTHS_KEPT) {
      byLength.pollFirstEntry();
    }
    entries.put(key, new Entry(byLength, now));
    if (entries.size() > MAX_ENTRIES) {
      Iterator<Key> eldest = entries.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  /** Drops entries unused for {@link #MAX_AGE_MS}: in access order, the stale ones come first. */
  private void expire(long now) {
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext() && now - it.next().getValue().usedMs() > MAX_AGE_MS) {
      it.remove();
    }
  }
}
