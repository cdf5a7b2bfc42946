package io.captiond.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Removes streams that have been over for longer than the {@link Retention}, checked periodically. When a
 * stream ended is known from its session's report; for one loaded from disk, it is when its
 * {@code stream.json} was last written (that write recorded its end). Used on the registry's event loop.
 */
final class RetentionSweep {

  private static final Logger LOG = Logger.getLogger(RetentionSweep.class.getName());

  private final Vertx vertx;
  private final Retention retention;
  private final Supplier<? extends Collection<StreamRecord>> streams;
  private final Function<String, Path> recordFile;
  private final Function<String, Future<Boolean>> delete;
  private final Map<String, Long> endedAtMs = new HashMap<>();
  private boolean sweeping;

  RetentionSweep(Vertx vertx, Retention retention, Supplier<? extends Collection<StreamRecord>> streams,
      Function<String, Path> recordFile, Function<String, Future<Boolean>> delete) {
    this.vertx = vertx;
    this.retention = retention;
    this.streams = streams;
    this.recordFile = recordFile;
    this.delete = delete;
  }

  void start() {
    if (!retention.forever()) {
      vertx.setPeriodic(retention.checkEveryMs(), id -> sweep());
    }
  }

  /** The stream is over now. */
  void ended(String id) {
    endedAtMs.put(id, System.currentTimeMillis());
  }

  void forget(String id) {
    endedAtMs.remove(id);
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    List<String> over = streams.get().stream().filter(s -> s.state().isOver()).map(StreamRecord::id).toList();
    Map<String, Long> known = new HashMap<>(endedAtMs);
    vertx.executeBlocking(() -> {
      Map<String, Long> ended = new HashMap<>();
      for (String id : over) {
        ended.put(id, known.containsKey(id) ? known.get(id) : lastWritten(recordFile.apply(id)));
      }
      return ended;
    }).compose(ended -> {
      long cutoff = System.currentTimeMillis() - retention.keep().toMillis();
      List<Future<Boolean>> removed = ended.entrySet().stream().filter(e -> e.getValue() <= cutoff).map(e -> {
        LOG.info(() -> "stream " + e.getKey() + ": over for longer than the retention (" + retention.keep()
            + "), removing it");
        endedAtMs.remove(e.getKey());
        return delete.apply(e.getKey());
      }).toList();
      return Future.join(removed);
    }).onComplete(done -> {
      sweeping = false;
      if (done.failed()) {
        LOG.warning(() -> "removing streams past their retention: " + done.cause().getMessage());
      }
    });
  }

  private static long lastWritten(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE; // unknown: kept
    }
  }
}
