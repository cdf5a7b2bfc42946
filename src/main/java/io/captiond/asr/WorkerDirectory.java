package io.captiond.asr;

import io.captiond.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * What this node knows of the ASR workers of the cluster, from their heartbeats on
 * {@link Addresses#ASR_WORKERS}: which node serves which engines, with how much room. A worker not
 * heard from for {@link #STALE_MS} (stopped, hung, cut off) is left out of picks; one that leaves
 * the cluster ({@link Addresses#ASR_NODE_LEFT}) is dropped at once.
 *
 * <p>A copy-on-write map of immutable records, written by the heartbeat consumer and read by the
 * sessions and the API on their own threads; nothing else is shared.
 */
public final class WorkerDirectory {

  /** How often a worker sends its heartbeat. */
  public static final long HEARTBEAT_MS = 1_000;
  /** Heartbeats missed before a worker is no longer picked. */
  public static final long STALE_MS = 3 * HEARTBEAT_MS + 500;
  private static final Logger LOG = Logger.getLogger(WorkerDirectory.class.getName());

  private record Seen(WorkerInfo info, long atMs) {}

  private final AtomicReference<Map<String, Seen>> workers = new AtomicReference<>(Map.of());
  private final AtomicInteger turn = new AtomicInteger();
  private final LongSupplier clock;

  public WorkerDirectory() {
    this(System::currentTimeMillis);
  }

  WorkerDirectory(LongSupplier clock) {
    this.clock = clock;
  }

  /** Listens for heartbeats and departures on {@code vertx}, and asks the workers already there to report. */
  public void listen(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.ASR_WORKERS, m -> heard(WorkerInfo.fromJson(m.body())));
    vertx.eventBus().<String>localConsumer(Addresses.ASR_NODE_LEFT, m -> left(m.body()))
        .completion().onComplete(v -> vertx.eventBus().publish(Addresses.ASR_CENSUS, null));
  }

  public void heard(WorkerInfo info) {
    long now = clock.getAsLong();
    Seen before = update(info.nodeId(), new Seen(info, now));
    if (before == null || !before.info().engineNames().equals(info.engineNames())) {
      LOG.info(() -> "ASR worker " + info.nodeId() + " serves " + info.engineNames() + " (default "
          + info.defaultEngine() + ", room for " + info.capacity() + ")");
    }
  }

  public void left(String nodeId) {
    if (update(nodeId, null) != null) {
      LOG.warning(() -> "ASR worker " + nodeId + " left the cluster");
    }
  }

  /** Workers heard from lately, in node order. */
  public List<WorkerInfo> workers() {
    long now = clock.getAsLong();
    return workers.get().values().stream().filter(s -> now - s.atMs() <= STALE_MS).map(Seen::info)
        .sorted(Comparator.comparing(WorkerInfo::nodeId)).toList();
  }

  /** Every engine some live worker serves. */
  public Set<String> served() {
    Set<String> names = new LinkedHashSet<>();
    workers().forEach(w -> names.addAll(w.engineNames()));
    return names;
  }

  /**
   * The live worker to send a window for {@code engine} ({@code null}: any worker's default) to:
   * of those not in {@code tried}, one with the most free room, taking turns among equals.
   */
  public Optional<String> pick(String engine, Collection<String> tried) {
    List<WorkerInfo> serving = new ArrayList<>();
    for (WorkerInfo w : workers()) {
      if (w.serves(engine) && !tried.contains(w.nodeId())) {
        serving.add(w);
      }
    }
    if (serving.isEmpty()) {
      return Optional.empty();
    }
    int most = serving.stream().mapToInt(WorkerInfo::free).max().orElse(0);
    List<WorkerInfo> best = serving.stream().filter(w -> w.free() == most).toList();
    return Optional.of(best.get(Math.floorMod(turn.getAndIncrement(), best.size())).nodeId());
  }

  private Seen update(String nodeId, Seen seen) {
    Map<String, Seen> before;
    Map<String, Seen> after;
    do {
      before = workers.get();
      after = new HashMap<>(before);
      if (seen == null) {
        after.remove(nodeId);
      } else {
        after.put(nodeId, seen);
      }
    } while (!workers.compareAndSet(before, Map.copyOf(after)));
    return before.get(nodeId);
  }
}
