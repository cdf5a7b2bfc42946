package io.captiond.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.bus.Addresses;
import io.captiond.app.Codecs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker gathers requests of many streams into batches, and engines can be swapped under it. */
class AsrWorkerBatchingTest {

  Vertx vertx;
  EngineCatalog catalog;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx.eventBus());
    catalog = new EngineCatalog("fake");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    catalog.close();
  }

  /** Answers each window with one segment naming its stream-time start; records batch sizes. */
  static final class FakeBatchEngine implements BatchAsrEngine {
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    final String tag;

    FakeBatchEngine(String tag) {
      this.tag = tag;
    }

    @Override
    public int maxBatch() {
      return 4;
    }

    @Override
    public long batchWaitMs() {
      return 200;
    }

    @Override
    public List<Outcome> transcribeAll(List<AudioWindow> windows, List<TranscribeOptions> options) {
      batches.add(windows.size());
      List<Outcome> out = new ArrayList<>();
      for (AudioWindow w : windows) {
        out.add(w.startMs() == 666 ? Outcome.failed(new AsrException("negative"))
            : Outcome.of(new Transcript(List.of(new Segment(tag + w.startMs(), w.startMs(), w.startMs() + 1,
                List.of(), 0, 0)), "en", WordTiming.DERIVED)));
      }
      return out;
    }

    @Override
    public String name() {
      return tag;
    }

    @Override
    public WordTiming wordTiming() {
      return WordTiming.DERIVED;
    }

    @Override
    public Transcript transcribe(AudioWindow window, TranscribeOptions options) {
      throw new AssertionError("batching engines are called in batches");
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  static EngineCatalog.Loaded loaded(AsrEngine engine) {
    return new EngineCatalog.Loaded(engine, new EngineCatalog.Description("fake", "test", "CPU", 1, "-", 0));
  }

  Future<String> ask(String stream, long startMs) {
    return vertx.eventBus().<Transcript>request(Addresses.ASR_TRANSCRIBE,
            new AsrRequest(stream, null, TranscribeOptions.of("en"), new AudioWindow(startMs, new short[160])))
        .map(reply -> reply.body().segments().get(0).text());
  }

  @Test
  void requestsOfFourStreamsGoThroughTheEngineAsOneBatchAndEachGetsItsOwnAnswer() throws Exception {
    FakeBatchEngine engine = new FakeBatchEngine("a");
    catalog.put(loaded(engine));
    vertx.deployVerticle(new AsrWorkerVerticle(catalog, 2, new SimpleMeterRegistry())).await();
    List<Future<String>> answers = List.of(ask("s1", 100), ask("s2", 200), ask("s3", 300), ask("s4", 400));
    Future.all(answers).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("a100", "a200", "a300", "a400"), answers.stream().map(Future::result).toList());
    assertEquals(List.of(4), engine.batches);

    // a lone request waits batchWaitMs at most; a failed window fails only its own request
    Future<String> lone = ask("s5", 500);
    Future<String> bad = ask("s6", 666);
    Future.join(lone, bad).otherwiseEmpty().await(10, TimeUnit.SECONDS);
    assertEquals("a500", lone.result());
    assertTrue(bad.cause() instanceof ReplyException r && r.failureCode() == AsrWorkerVerticle.ENGINE_FAILED, "" + bad.cause());
  }

  @Test
  void aSwappedEngineAnswersNewRequestsAndTheOldOneClosesWhenItsLeasesEnd() throws Exception {
    FakeBatchEngine old = new FakeBatchEngine("old");
    catalog.put(loaded(old));
    vertx.deployVerticle(new AsrWorkerVerticle(catalog, 2, new SimpleMeterRegistry())).await();
    assertEquals("old1", ask("s", 1).await(10, TimeUnit.SECONDS));
    EngineCatalog.Lease held = catalog.acquire(null).orElseThrow();
    FakeBatchEngine fresh = new FakeBatchEngine("new");
    catalog.put(loaded(fresh));
    assertFalse(old.closed.get(), "still held by a request in flight");
    assertEquals("new2", ask("s", 2).await(10, TimeUnit.SECONDS));
    held.close();
    assertTrue(old.closed.get(), "closed once its last lease ended");
    assertFalse(fresh.closed.get());
  }
}
