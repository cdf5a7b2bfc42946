package io.captiond.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.app.Codecs;
import io.captiond.bus.Addresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker never holds work it cannot do in time, and offers only the engines it has loaded. */
class AsrWorkerDeadlinesTest {

  Vertx vertx;
  EngineCatalog catalog;
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger transcribed = new AtomicInteger();
  final List<JsonObject> heartbeats = new CopyOnWriteArrayList<>();

  /** Holds every window until {@link #release} opens. */
  final class HeldEngine implements AsrEngine {
    final String name;

    HeldEngine(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public WordTiming wordTiming() {
      return WordTiming.DERIVED;
    }

    @Override
    public Transcript transcribe(AudioWindow window, TranscribeOptions options) throws AsrException {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new AsrException("interrupted");
      }
      transcribed.incrementAndGet();
      return Transcript.empty("en", WordTiming.DERIVED);
    }

    @Override
    public void close() {}
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx.eventBus());
    vertx.eventBus().<JsonObject>consumer(Addresses.ASR_WORKERS, m -> heartbeats.add(m.body()));
    catalog = new EngineCatalog("held");
    catalog.put(loaded(new HeldEngine("held")));
  }

  @AfterEach
  void stop() {
    release.countDown();
    vertx.close().await();
    catalog.close();
  }

  static EngineCatalog.Loaded loaded(AsrEngine engine) {
    return new EngineCatalog.Loaded(engine, new EngineCatalog.Description(engine.name(), "test", "CPU", 1, "-", 0));
  }

  void deploy(int concurrency, int capacity) {
    vertx.deployVerticle(new AsrWorkerVerticle(catalog,
        new AsrWorkerVerticle.Settings("n1", concurrency, capacity, null), new SimpleMeterRegistry())).await();
  }

  Future<Transcript> ask(String address, String engine, long deadlineMs) {
    return vertx.eventBus().<Transcript>request(address, new AsrRequest("s", engine, TranscribeOptions.of("en"),
        new AudioWindow(0, new short[160]), deadlineMs)).map(reply -> reply.body());
  }

  static int code(Future<?> failed) {
    assertTrue(failed.cause() instanceof ReplyException, "" + failed.cause());
    return ((ReplyException) failed.cause()).failureCode();
  }

  @Test
  void aWindowPastItsDeadlineIsDroppedUnprocessed() throws Exception {
    deploy(1, 4);
    Future<Transcript> late = ask(Addresses.asrNode("n1"), null, System.currentTimeMillis() - 1);
    late.otherwiseEmpty().await(5, TimeUnit.SECONDS);
    assertEquals(AsrWorkerVerticle.EXPIRED, code(late));

    // one waits for the only thread while its deadline passes: it is dropped when the thread frees
    Future<Transcript> first = ask(Addresses.asrNode("n1"), null, AsrRequest.NO_DEADLINE);
    Future<Transcript> waiting = ask(Addresses.asrNode("n1"), null, System.currentTimeMillis() + 300);
    Thread.sleep(600);
    release.countDown();
    Future.join(first, waiting).otherwiseEmpty().await(5, TimeUnit.SECONDS);
    assertTrue(first.succeeded(), "" + first.cause());
    assertEquals(AsrWorkerVerticle.EXPIRED, code(waiting));
    assertEquals(1, transcribed.get(), "the expired windows never reached the engine");
  }

  @Test
  void aFullWorkerAnswersBusyAtOnce() throws Exception {
    deploy(1, 2);
    Future<Transcript> a = ask(Addresses.ASR_TRANSCRIBE, null, AsrRequest.NO_DEADLINE);
    Future<Transcript> b = ask(Addresses.ASR_TRANSCRIBE, null, AsrRequest.NO_DEADLINE);
    long began = System.nanoTime();
    Future<Transcript> c = ask(Addresses.ASR_TRANSCRIBE, null, AsrRequest.NO_DEADLINE);
    c.otherwiseEmpty().await(5, TimeUnit.SECONDS);
    assertEquals(AsrWorkerVerticle.BUSY, code(c));
    assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(2), "refused without waiting");
    release.countDown();
    Future.all(a, b).await(5, TimeUnit.SECONDS);
  }

  @Test
  void aWorkerTakesRequestsOnlyForTheEnginesItHasLoadedAndSaysSoInItsHeartbeat() throws Exception {
    deploy(2, 4);
    release.countDown();
    Future<Transcript> missing = ask(Addresses.asrEngine("other"), "other", AsrRequest.NO_DEADLINE);
    missing.otherwiseEmpty().await(5, TimeUnit.SECONDS);
    assertEquals(ReplyFailure.NO_HANDLERS, ((ReplyException) missing.cause()).failureType());
    assertTrue(heartbeats.stream().anyMatch(h -> WorkerInfo.fromJson(h).engineNames().equals(List.of("held"))),
        "" + heartbeats);

    catalog.put(loaded(new HeldEngine("other")));
    long until = System.currentTimeMillis() + 5_000;
    while (heartbeats.stream().noneMatch(h -> WorkerInfo.fromJson(h).engineNames().contains("other"))
        && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    WorkerInfo last = WorkerInfo.fromJson(heartbeats.get(heartbeats.size() - 1));
    assertEquals(List.of("held", "other"), last.engineNames());
    assertEquals("n1", last.nodeId());
    assertEquals(4, last.capacity());
    ask(Addresses.asrEngine("other"), "other", AsrRequest.NO_DEADLINE).await(5, TimeUnit.SECONDS);
  }
}
