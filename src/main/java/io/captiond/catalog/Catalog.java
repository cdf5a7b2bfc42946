package io.captiond.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Values by name, swapped whole while readers use them: the map is replaced copy-on-write, and each value
 * carries a count of the leases on it plus one for being listed. A value that is replaced or removed is
 * closed (by {@code onClose}) when its last lease is returned, never while a request still holds it. Lock-free;
 * any thread.
 */
public final class Catalog<V> implements AutoCloseable {

  private final AtomicReference<Map<String, Entry<V>>> entries = new AtomicReference<>(Map.of());
  private final Consumer<V> onClose;

  /** @param onClose closes a value once nothing holds it any more */
  public Catalog(Consumer<V> onClose) {
    this.onClose = onClose;
  }

  /** Lists {@code value} under {@code name}; returns how many leases the value it replaced still has, or -1. */
  public int put(String name, V value) {
    Entry<V> old = swap(name, new Entry<>(value, onClose));
    if (old == null) {
      return -1;
    }
    int inFlight = Math.max(0, old.references.get() - 1);
    old.release();
    return inFlight;
  }

  /** Unlists {@code name}; its value closes after its last lease. */
  public boolean remove(String name) {
    Entry<V> old = swap(name, null);
    if (old != null) {
      old.release();
    }
    return old != null;
  }

  /** A lease on the value listed under {@code name}; return it with {@link Lease#close}. */
  public Optional<Lease<V>> acquire(String name) {
    while (true) {
      Entry<V> entry = entries.get().get(name);
      if (entry == null) {
        return Optional.empty();
      }
      if (entry.tryRetain()) {
        return Optional.of(new Lease<>(name, entry));
      }
      // replaced and closed between the read and the retain: read the new map
    }
  }

  /** The values listed now, by name, in the order they were first listed. */
  public Map<String, V> snapshot() {
    Map<String, V> out = new LinkedHashMap<>();
    entries.get().forEach((name, entry) -> out.put(name, entry.value));
    return Collections.unmodifiableMap(out);
  }

  /** Unlists everything; each value closes after its last lease. */
  @Override
  public void close() {
    entries.getAndSet(Map.of()).values().forEach(Entry::release);
  }

  private Entry<V> swap(String name, Entry<V> fresh) {
    Map<String, Entry<V>> before;
    Map<String, Entry<V>> after;
    do {
      before = entries.get();
      Map<String, Entry<V>> copy = new LinkedHashMap<>(before);
      if (fresh == null) {
        copy.remove(name);
      } else {
        copy.put(name, fresh);
      }
      after = Collections.unmodifiableMap(copy);
    } while (!entries.compareAndSet(before, after));
    return before.get(name);
  }

  /** A value held for one use; closing it (once) lets a replaced value close. */
  public static final class Lease<V> implements AutoCloseable {
    private final String name;
    private final Entry<V> entry;
    private boolean closed;

    private Lease(String name, Entry<V> entry) {
      this.name = name;
      this.entry = entry;
    }

    public String name() {
      return name;
    }

    public V value() {
      return entry.value;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        entry.release();
      }
    }
  }

  private static final class Entry<V> {
    final V value;
    final Consumer<V> onClose;
    final AtomicInteger references = new AtomicInteger(1);

    Entry(V value, Consumer<V> onClose) {
      this.value = value;
      this.onClose = onClose;
    }

    boolean tryRetain() {
      int now;
      do {
        now = references.get();
        if (now == 0) {
          return false;
        }
      } while (!references.compareAndSet(now, now + 1));
      return true;
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        onClose.accept(value);
      }
    }
  }
}
