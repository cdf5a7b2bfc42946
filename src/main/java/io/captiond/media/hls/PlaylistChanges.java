package io.captiond.media.hls;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process notice that a playlist this node's HLS muxer writes has changed, so that whoever follows
 * it (the subtitle rendition) reads the file only then instead of on every poll. Each holder of the
 * same playlist path shares one count; the muxer bumps it ({@link #changed}) when it sees the file
 * change, a follower compares it with the count at its last read. A playlist no muxer of this process
 * has reported on ({@link #muxedHere} false: written by another process, or by a test) gives no
 * notice: its follower reads on every poll, as before. A follower may also be told of each change as it
 * happens ({@link #onChange}), so that it need not poll the count. Thread-safe; close each holder once.
 */
public final class PlaylistChanges implements AutoCloseable {

  private static final Map<Path, Shared> ALL = new ConcurrentHashMap<>();

  private static final class Shared {
    final AtomicLong count = new AtomicLong();
    final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    volatile boolean muxed;
    int holders; // under ALL's lock for this key
  }

  private final Path key;
  private final Shared shared;
  private boolean closed;
  private Runnable listener;

  private PlaylistChanges(Path key, Shared shared) {
    this.key = key;
    this.shared = shared;
  }

  /** A holder of {@code playlist}'s count, shared with every other holder of the same path. */
  public static PlaylistChanges of(Path playlist) {
    Path key = playlist.toAbsolutePath().normalize();
    Shared shared = ALL.compute(key, (k, existing) -> {
      Shared s = existing == null ? new Shared() : existing;
      s.holders++;
      return s;
    });
    return new PlaylistChanges(key, shared);
  }

  /** How many changes the muxer has reported so far. */
  public long count() {
    return shared.count.get();
  }

  /** Whether a muxer of this process has reported on this playlist: only then is {@link #count} news. */
  public boolean muxedHere() {
    return shared.muxed;
  }

  /** From the muxer: the playlist may have changed (started, a segment listed, ended). */
  public void changed() {
    shared.muxed = true;
    shared.count.incrementAndGet();
    for (Runnable each : shared.listeners) {
      each.run();
    }
  }

  /**
   * Runs {@code listener} after each change reported from now on, on the muxer's thread (it should only hand
   * the news over to its own thread), until this holder is closed. One listener per holder.
   */
  public synchronized void onChange(Runnable listener) {
    if (closed || this.listener != null) {
      throw new IllegalStateException(closed ? "closed" : "this holder already has a listener");
    }
    this.listener = listener;
    shared.listeners.add(listener);
  }

  /** This holder is done; the last one forgets the path. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (listener != null) {
      shared.listeners.remove(listener);
    }
    ALL.computeIfPresent(key, (k, s) -> --s.holders == 0 ? null : s);
  }
}
