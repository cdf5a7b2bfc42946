package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.bus.Addresses;
import io.captiond.bus.LocalOnlyCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionOutputTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final List<String> stored = new CopyOnWriteArrayList<>();
  private final List<String> track = new CopyOnWriteArrayList<>();
  private final List<String> announced = new CopyOnWriteArrayList<>();
  private volatile List<Long> dueBoundaries = List.of();
  private CaptionOutput output;

  @BeforeEach
  void open() throws Exception {
    vertx.eventBus().registerDefaultCodec(CaptionEvent.class, new LocalOnlyCodec<>("test.caption"));
    try (CaptionLog earlier = new CaptionLog(dir.resolve("captions.jsonl"))) {
      earlier.append(new CaptionEvent("s", 7, CaptionEvent.Type.FINAL, "before", 0, 500));
    }
    vertx.eventBus().<CaptionEvent>localConsumer(Addresses.captions("s"), message -> {
      CaptionEvent event = message.body();
      published.add(event.seq() + " " + event.type() + " " + event.text());
      if (event.isFinal()) {
        try {
          stored.add(new CaptionLog(dir.resolve("captions.jsonl")).readAfter(event.seq() - 1).get(0).text());
        } catch (Exception e) {
          stored.add("unreadable: " + e);
        }
      }
    });
    onContext(() -> {
      output = new CaptionOutput(vertx, "s", dir, CueLayout.Config.defaults(),
          caption -> announced.add(caption.text()), StoreHealth.of(detail -> announced.add("failed"), () -> { }));
      output.addTrack(new CueTrack() {
        @Override
        public void addCue(CueLayout.Cue cue) {
          track.add("cue " + cue.text());
        }

        @Override
        public void settled(long streamMs) {
          track.add("settled " + streamMs);
        }

        @Override
        public List<Long> dueBoundariesMs() {
          return dueBoundaries;
        }

        @Override
        public Future<Void> finish(Future<Void> mediaDone) {
          track.add("finish");
          return mediaDone;
        }

        @Override
        public void close() {
          track.add("close");
        }
      });
      return output.open();
    });
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void numbersOnFromTheLogAndPublishesAFinalOnlyOnceStoredWithPartialsBehindIt() throws Exception {
    onContext(() -> {
      output.confirmed("hello world", 1_000, 2_000);
      output.tentative("and then", 2_100, 2_600);
      return output.finish(Future.succeededFuture());
    });
    waitFor(() -> published.size() == 3);
    assertEquals(List.of("8 FINAL hello world", "9 PARTIAL and then", "10 CUE hello world"), published);
    assertEquals(List.of("hello world"), stored, "on disk before it was heard of");
    assertEquals(List.of("hello world"), announced);
    assertEquals(List.of("cue hello world", "finish"), track);
  }

  @Test
  void finishesOnlyOnceTheTracksHaveFinishedWithTheMedia() throws Exception {
    io.vertx.core.Promise<Void> media = io.vertx.core.Promise.promise();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    onContext(() -> {
      output.confirmed("hello world", 1_000, 2_000);
      output.finish(media.future()).onComplete(done -> finished.complete(null));
      return Future.succeededFuture();
    });
    waitFor(() -> track.contains("finish"));
    Thread.sleep(200);
    assertTrue(!finished.isDone(), "not finished while the media is still being written");
    vertx.runOnContext(v -> media.complete());
    finished.get(5, TimeUnit.SECONDS);
  }

  @Test
  void settlesCuesUpToTheLastFinalOrFurtherWhenQuiet() throws Exception {
    onContext(() -> {
      output.confirmed("hello world", 1_000, 2_000);
      output.settle(() -> Long.MIN_VALUE);
      output.settle(() -> 9_000);
      return Future.succeededFuture();
    });
    waitFor(() -> track.contains("settled 9000"));
    assertEquals(List.of("settled 1000", "cue hello world", "settled 9000"), track,
        "first only up to the start of the cue still being filled; once quiet, past it");
    waitFor(() -> published.contains("9 CUE hello world"));
  }

  @Test
  void aSegmentThatIsDueGetsItsCueOnceTheCaptionsPassItsEnd() throws Exception {
    dueBoundaries = List.of(2_000L);
    onContext(() -> {
      output.confirmed("and so my", 300, 1_800);
      output.settle(() -> Long.MIN_VALUE); // confirmed up to 1800 only: the segment ending at 2000 waits
      output.confirmed("fellow americans", 2_100, 3_000);
      output.settle(() -> Long.MIN_VALUE); // past 2000: the cue closes there
      return Future.succeededFuture();
    });
    waitFor(() -> track.contains("cue and so my"));
    waitFor(() -> track.size() >= 3);
    assertEquals(List.of("settled 300", "cue and so my", "settled 2100"), track,
        "the words before the boundary became a cue of their own; the track knows cues up to the next word");
  }

  @Test
  void publishesNothingMoreOnceFailed() throws Exception {
    onContext(() -> {
      output.fail();
      output.tentative("lost", 0, 100);
      return output.finish(Future.succeededFuture());
    });
    assertEquals(List.of("close", "finish"), track);
    assertEquals(List.of(), published);
  }

  private void onContext(java.util.concurrent.Callable<Future<?>> work) throws Exception {
    CompletableFuture<Object> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        work.call().onComplete(result -> done.complete(null), done::completeExceptionally);
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    });
    done.get(10, TimeUnit.SECONDS);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), "timed out");
  }
}
