package io.captiond.translate;

import io.captiond.catalog.Catalog;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  private final Catalog<TranslationEngine> entries = new Catalog<>(engine -> {
    LOG.info(() -> "translation engine " + engine.name() + " closed");
    engine.close();
  });

  /** Adds an engine, or replaces the one of its name (closed after its requests in flight). */
  public void put(TranslationEngine engine) {
    int inFlight = entries.put(engine.name(), engine);
    if (inFlight >= 0) {
      LOG.info(() -> "translation engine " + engine.name() + " replaced; the old one closes after its "
          + inFlight + " requests in flight");
    }
  }

  /** Removes an engine (closed after its requests in flight); false when there was none. */
  public boolean remove(String name) {
    return entries.remove(name);
  }

  /** The engine of that name, held until the lease is closed. */
  public Optional<Lease> acquire(String name) {
    return entries.acquire(name).map(Lease::new);
  }

  public Set<String> names() {
    return entries.snapshot().keySet();
  }

  /** Each engine's pairs, by engine name. */
  public Map<String, Set<LanguagePair>> pairs() {
    Map<String, Set<LanguagePair>> out = new LinkedHashMap<>();
    entries.snapshot().forEach((name, engine) -> out.put(name, engine.pairs()));
    return Collections.unmodifiableMap(out);
  }

  /** The names of the engines that offer {@code pair}. */
  public List<String> offering(LanguagePair pair) {
    return entries.snapshot().entrySet().stream()
        .filter(e -> e.getValue().pairs().contains(pair)).map(Map.Entry::getKey).toList();
  }

  @Override
  public void close() {
    entries.close();
  }

  /** One request's hold on an engine. */
  public static final class Lease implements AutoCloseable {
    private final Catalog.Lease<TranslationEngine> lease;

    private Lease(Catalog.Lease<TranslationEngine> lease) {
      this.lease = lease;
    }

    public TranslationEngine engine() {
      return lease.value();
    }

    @Override
    public void close() {
      lease.close();
    }
  }
}
