package io.captiond.translate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * What the translation engines of the cluster offer, as the stream side sees it: asks
 * {@link TranslationAddresses#PAIRS} every {@link #REFRESH_MS} (and when asked to) and keeps the last
 * answer, so a stream's languages are checked without waiting. Read from any thread; replaced whole.
 */
public final class TranslationDirectory {

  static final long REFRESH_MS = 5_000;
  private static final Logger LOG = Logger.getLogger(TranslationDirectory.class.getName());

  private final Vertx vertx;
  private volatile Map<String, Set<LanguagePair>> offered = Map.of();
  private long timer = -1;

  public TranslationDirectory(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts following; completes after the first answer, or at once when no mt node answers. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
    return refresh().otherwiseEmpty().mapEmpty();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Asks again now. */
  public Future<Map<String, Set<LanguagePair>>> refresh() {
    return vertx.eventBus().<JsonObject>request(TranslationAddresses.PAIRS, null,
        new DeliveryOptions().setSendTimeout(3_000)).map(reply -> {
          Map<String, Set<LanguagePair>> found = new LinkedHashMap<>();
          reply.body().forEach(entry -> {
            Set<LanguagePair> pairs = new TreeSet<>();
            for (Object pair : (io.vertx.core.json.JsonArray) entry.getValue()) {
              pairs.add(LanguagePair.parse(String.valueOf(pair)));
            }
            found.put(entry.getKey(), Collections.unmodifiableSet(pairs));
          });
          offered = Collections.unmodifiableMap(found);
          return offered;
        }).onFailure(error -> LOG.fine(() -> "no translation pairs: " + error.getMessage()));
  }

  /** Each engine's pairs, by name. */
  public Map<String, Set<LanguagePair>> pairs() {
    return offered;
  }

  /** The first engine that offers {@code pair}. */
  public Optional<String> engineFor(LanguagePair pair) {
    return offered.entrySet().stream().filter(e -> e.getValue().contains(pair)).map(Map.Entry::getKey).findFirst();
  }

  /** Every pair offered, sorted, for a refusal that lists them. */
  public List<String> allPairs() {
    Set<String> all = new TreeSet<>();
    offered.values().forEach(pairs -> pairs.forEach(pair -> all.add(pair.toString())));
    return List.copyOf(all);
  }
}
