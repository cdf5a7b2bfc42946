package io.captiond.translate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The translation engines one process serves, by name, in the shape of {@code asr.EngineCatalog}:
 * an immutable map replaced as a whole (copy on write) when an engine is added, swapped or removed,
 * so readers never lock and never see half a change.
 *
 * <p>Each engine is reference-counted. A worker {@link #acquire}s an engine for one request and
 * closes the {@link Lease} when the engine's answer is in; an engine replaced by {@link #put} or
 * taken out by {@link #remove} is closed once the last request holding it has been answered, so a
 * service can be swapped under live streams.
 */
public final class TranslationCatalog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TranslationCatalog.class.getName());

  private final AtomicReference<Map<String, Entry>> entries = new AtomicReference<>(Map.of());

  /** Adds an engine under its {@link TranslationEngine#name()}, or replaces the one of that name. */
  public void put(TranslationEngine engine) {
    Entry old = swap(engine.name(), new Entry(engine));
    if (old != null) {
      LOG.info(() -> "translation engine " + engine.name() + " replaced; the old one closes after its "
          + Math.max(0, old.references.get() - 1) + " requests in flight");
      old.release();
    }
  }

  /** Takes an engine out; it closes after its requests in flight. Whether there was one. */
  public boolean remove(String name) {
    Entry old = swap(name, null);
    if (old != null) {
      old.release();
    }
    return old != null;
  }

  /** The engine called {@code name}, held until the lease is closed. */
  public Optional<Lease> acquire(String name) {
    while (true) {
      Entry entry = entries.get().get(name);
      if (entry == null) {
        return Optional.empty();
      }
      if (entry.tryRetain()) {
        return Optional.of(new Lease(entry));
      }
      // replaced and closed between the read and the retain: read the new map
    }
  }

  /** Engine names, in the order they were added. */
  public Set<String> names() {
    return entries.get().keySet();
  }

  /** What each engine offers now, by engine name. */
  public Map<String, Set<LanguagePair>> pairs() {
    Map<String, Set<LanguagePair>> out = new LinkedHashMap<>();
    entries.get().forEach((name, entry) -> out.put(name, entry.engine.pairs()));
    return Collections.unmodifiableMap(out);
  }

  /** The engines that offer {@code pair}, in the order they were added. */
  public List<String> offering(LanguagePair pair) {
    return entries.get().entrySet().stream()
        .filter(e -> e.getValue().engine.pairs().contains(pair)).map(Map.Entry::getKey).toList();
  }

  /** Closes every engine once its requests in flight are answered. */
  @Override
  public void close() {
    entries.getAndSet(Map.of()).values().forEach(Entry::release);
  }

  private Entry swap(String name, Entry fresh) {
    Map<String, Entry> before;
    Map<String, Entry> after;
    do {
      before = entries.get();
      Map<String, Entry> copy = new LinkedHashMap<>(before);
      if (fresh == null) {
        copy.remove(name);
      } else {
        copy.put(name, fresh);
      }
      after = Collections.unmodifiableMap(copy);
    } while (!entries.compareAndSet(before, after));
    return before.get(name);
  }

  /** One request's hold on an engine. */
  public static final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public TranslationEngine engine() {
      return entry.engine;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        entry.release();
      }
    }
  }

  private static final class Entry {
    final TranslationEngine engine;
    /** The catalog's own reference plus one per lease; 0: closed. */
    final AtomicInteger references = new AtomicInteger(1);

    Entry(TranslationEngine engine) {
      this.engine = engine;
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
        LOG.info(() -> "translation engine " + engine.name() + " closed");
        engine.close();
      }
    }
  }
}
