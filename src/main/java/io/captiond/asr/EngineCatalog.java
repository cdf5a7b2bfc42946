package io.captiond.asr;

import io.captiond.catalog.Catalog;
import java.util.Optional;
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

  private final Catalog<Loaded> entries = new Catalog<>(loaded -> {
    LOG.info(() -> "ASR engine " + loaded.description().name() + " closed");
    loaded.engine().close();
  });
  private final String defaultEngine;
  private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public EngineCatalog(String defaultEngine) {
    this.defaultEngine = defaultEngine;
  }

  /** The engine a request naming none gets. */
  public String defaultEngine() {
    return defaultEngine;
  }

  /** Adds an engine, or replaces the one of that name (closed after its in-flight requests). */
  public void put(Loaded loaded) {
    String name = loaded.description().name();
    int inFlight = entries.put(name, loaded);
    if (inFlight >= 0) {
      LOG.info(() -> "ASR engine " + name + " replaced; the old one closes after its requests in flight ("
          + inFlight + " now)");
    }
    listeners.forEach(Runnable::run);
  }

  /** Calls {@code listener} (on the thread of the change) after each engine added or replaced. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** The engine for {@code name} ({@code null}: the default), held until the lease is closed. */
  public Optional<Lease> acquire(String name) {
    return entries.acquire(name == null ? defaultEngine : name).map(Lease::new);
  }

  /** Engine names, in the order they were added. */
  public java.util.Set<String> names() {
    return entries.snapshot().keySet();
  }

  public java.util.List<Description> describe() {
    return entries.snapshot().values().stream().map(Loaded::description).toList();
  }

  /** Closes every engine once its requests in flight are done. */
  @Override
  public void close() {
    entries.close();
  }

  /** One request's hold on an engine. */
  public static final class Lease implements AutoCloseable {
    private final Catalog.Lease<Loaded> lease;

    private Lease(Catalog.Lease<Loaded> lease) {
      this.lease = lease;
    }

    public AsrEngine engine() {
      return lease.value().engine();
    }

    public String name() {
      return lease.name();
    }

    @Override
    public void close() {
      lease.close();
    }
  }
}
