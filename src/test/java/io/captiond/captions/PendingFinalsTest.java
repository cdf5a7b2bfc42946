package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that refuses finals: they are held in order, retried, stored once it takes them again. */
class PendingFinalsTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final io.vertx.core.Context context = vertx.getOrCreateContext();
  private final List<String> health = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void finalsHeldWhileTheDiskRefusesThemAreStoredInOrderWhenItHeals() throws Exception {
    Path file = dir.resolve("captions.jsonl");
    Files.createDirectories(file); // a folder where the log goes: every append fails
    CaptionLog log = new CaptionLog(file);
    PendingFinals finals = onContext(() -> new PendingFinals(vertx, "s", log, 100, recorder()));
    for (int seq = 1; seq <= 3; seq++) {
      CaptionEvent caption = caption(seq);
      onContext(() -> finals.store(caption)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    assertEquals(3, (int) onContext(finals::heldCount));
    assertTrue(health.get(health.size() - 1).startsWith("degraded: cannot store captions"), health.toString());
    assertTrue(health.get(health.size() - 1).contains("3 final(s) held"), health.toString());

    Files.delete(file);
    onContext(finals::drained).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    onContext(() -> finals.store(caption(4))).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertEquals("healed", health.get(health.size() - 1));
    assertEquals(List.of(1L, 2L, 3L, 4L), log.readAfter(0).stream().map(CaptionEvent::seq).toList());
    log.close();
  }

  @Test
  void beyondTheBoundTheOldestHeldFinalsAreDroppedAndCounted() throws Exception {
    Path file = dir.resolve("captions.jsonl");
    Files.createDirectories(file);
    CaptionLog log = new CaptionLog(file);
    PendingFinals finals = onContext(() -> new PendingFinals(vertx, "s", log, 2, recorder()));
    for (int seq = 1; seq <= 5; seq++) {
      CaptionEvent caption = caption(seq);
      onContext(() -> finals.store(caption)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    assertEquals(3L, (long) onContext(finals::droppedCount));
    assertTrue(health.get(health.size() - 1).contains("3 dropped"), health.toString());

    Files.delete(file);
    onContext(finals::drained).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(4L, 5L), log.readAfter(0).stream().map(CaptionEvent::seq).toList(), "the newest kept");
    log.close();
  }

  private StoreHealth recorder() {
    return StoreHealth.of(detail -> health.add("degraded: " + detail), () -> health.add("healed"));
  }

  private <T> T onContext(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> result.complete(action.get()));
    return result.get(5, TimeUnit.SECONDS);
  }

  private static CaptionEvent caption(long seq) {
    return new CaptionEvent("s", seq, CaptionEvent.Type.FINAL, "words " + seq, seq * 1000, seq * 1000 + 500);
  }
}
