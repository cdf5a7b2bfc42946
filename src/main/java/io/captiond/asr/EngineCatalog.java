package io.captiond.asr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The ASR engines one process serves, by name: an immutable map, replaced as a whole (copy on
 * write) when an engine is added or swapped, so readers never see a half-made change and never lock.
 *
 * <p>Each engine is reference-counted. A worker {@link #acquire}s an engine for one request and
 * {@link Lease#close releases} it after; an engine replaced by {@link #put} is closed once the last
 * request that holds it has finished, so a model can be swapped under live streams.
 */
public final class EngineCatalog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EngineCatalog.class.getName());
  /** What an engine may be called: a stream's {@code "engine"}, a key of {@code whisper.models}. */
  public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  /** What an engine is and where it runs, for {@code GET /api/engines} and the logs. */
  public record Description(String name, String kind, String device, int threads, String path, long loadMs) {}

  /** Loads an engine from a model folder; blocking (call it on a worker thread). */
  @FunctionalInterface
  public interface Loader {
    Loaded load(String name, java.nio.file.Path dir) throws AsrException;
  }

  /** A loaded engine and its description. */
  public record Loaded(AsrEngine engine, Description description) {}

  private final AtomicReference<Map<String, Entry>> entries = new AtomicReference<>(Map.of());
  private final String defaultEngine;

  public EngineCatalog(String defaultEngine) {
    this.defaultEngine = defaultEngine;
  }

  /** The engine a request naming none gets. */
  public String defaultEngine() {
    return defaultEngine;
  }

  /** Adds an engine, or replaces the one of that name (closed after its in-flight requests). */
  public void put(Loaded loaded) {
    Entry fresh = new Entry(loaded);
    String name = loaded.description().name();
    Map<String, Entry> before;
    Map<String, Entry> after;
    do {
      before = entries.get();
      Map<String, Entry> copy = new LinkedHashMap<>(before);
      copy.put(name, fresh);
      after = java.util.Collections.unmodifiableMap(copy);
    } while (!entries.compareAndSet(before, after));
    Entry old = before.get(name);
    if (old != null) {
      LOG.info(() -> "ASR engine " + name + " replaced; the old one closes after its requests in flight ("
          + Math.max(0, old.references.get() - 1) + " now)");
      old.release();
    }
  }

  /** The engine for {@code name} ({@code null}: the default), held until the lease is closed. */
  public Optional<Lease> acquire(String name) {
    String wanted = name == null ? defaultEngine : name;
    while (true) {
      Entry entry = entries.get().get(wanted);
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
  public java.util.Set<String> names() {
    return entries.get().keySet();
  }

  public java.util.List<Description> describe() {
    return entries.get().values().stream().map(e -> e.loaded.description()).toList();
  }

  /** Closes every engine once its requests in flight are done. */
  @Override
  public void close() {
    Map<String, Entry> last = entries.getAndSet(Map.of());
    last.values().forEach(Entry::release);
  }

  /** One request's hold on an engine. */
  public static final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public AsrEngine engine() {
      return entry.loaded.engine();
    }

    public String name() {
      return entry.loaded.description().name();
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
    final Loaded loaded;
    /** The catalog's own reference plus one per lease; 0: closed. */
    final AtomicInteger references = new AtomicInteger(1);

    Entry(Loaded loaded) {
      this.loaded = loaded;
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
        LOG.info(() -> "ASR engine " + loaded.description().name() + " closed");
        loaded.engine().close();
      }
    }
  }
}
