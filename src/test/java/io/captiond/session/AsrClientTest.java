package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.app.Codecs;
import io.captiond.asr.AsrRequest;
import io.captiond.asr.AsrWorkerVerticle;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.WorkerDirectory;
import io.captiond.asr.WorkerInfo;
import io.captiond.asr.WordTiming;
import io.captiond.bus.Addresses;
import io.captiond.ingest.SourceSpec;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing and deadlines of one stream's windows over two fake workers, {@code a} and {@code b}: what a
 * busy, silent or departed worker does to the window, and how soon.
 */
class AsrClientTest {

  /** How each fake worker treats a window: answer, refuse as busy, or keep it unanswered. */
  enum Mode { ANSWER, BUSY, HOLD }

  Vertx vertx;
  final WorkerDirectory directory = new WorkerDirectory();
  final Map<String, Mode> modes = new ConcurrentHashMap<>();
  final List<String> seen = new CopyOnWriteArrayList<>();
  final List<AsrRequest> requests = new CopyOnWriteArrayList<>();
  AsrClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx.eventBus());
    for (String node : List.of("a", "b")) {
      modes.put(node, Mode.ANSWER);
      vertx.eventBus().<AsrRequest>consumer(Addresses.asrNode(node), m -> handle(node, m)).completion().await();
      directory.heard(new WorkerInfo(node, "e", List.of(new EngineCatalog.Description("e", "test", "CPU", 1, "-", 0)),
          4, 0, 0));
    }
    StreamRecord stream = new StreamRecord("s1", "s1", "k", new SourceSpec(SourceSpec.Type.PULL, "/x.wav", true),
        "en", "e", 0, StreamState.LIVE, "", StreamStats.NONE);
    client = new AsrClient(vertx, stream, new AsrDeadlines(directory, 300, 1.0),
        Timer.builder("t").register(new SimpleMeterRegistry()));
    vertx.runOnContext(v -> client.listenForDepartures());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void handle(String node, Message<AsrRequest> message) {
    seen.add(node);
    requests.add(message.body());
    switch (modes.get(node)) {
      case ANSWER -> message.reply(new Transcript(List.of(new Segment(node, 0, 1, List.of(), 0, 0)), "en",
          WordTiming.DERIVED));
      case BUSY -> message.fail(AsrWorkerVerticle.BUSY, node + " is busy");
      case HOLD -> { }
    }
  }

  Future<String> transcribe(long windowMs) {
    AudioWindow window = new AudioWindow(0, new short[(int) (16 * windowMs)]);
    return Future.<Future<Transcript>>future(p -> vertx.runOnContext(v -> p.complete(client.transcribe(window, ""))))
        .compose(f -> f).map(t -> t.segments().get(0).text());
  }

  @Test
  void aBusyWorkerIsPassedOverForAnotherAtOnce() throws Exception {
    modes.put("a", Mode.BUSY);
    modes.put("b", Mode.BUSY);
    Future<String> none = transcribe(1_000);
    none.otherwiseEmpty().await(5, TimeUnit.SECONDS);
    assertTrue(none.cause().getMessage().contains("no ASR worker could take the window"), "" + none.cause());
    assertEquals(2, seen.size(), "each tried once: " + seen);

    modes.put("a", Mode.BUSY);
    modes.put("b", Mode.ANSWER);
    seen.clear();
    for (int i = 0; i < 3; i++) {
      assertEquals("b", transcribe(1_000).await(5, TimeUnit.SECONDS));
    }
    assertTrue(seen.stream().filter("a"::equals).count() <= 3, "" + seen);
  }

  @Test
  void aWindowCarriesADeadlineThatFollowsItsLengthAndTimesOutThenRatherThanAfterAMinute() throws Exception {
    modes.put("a", Mode.HOLD);
    modes.put("b", Mode.HOLD);
    long began = System.nanoTime();
    Future<String> held = transcribe(1_000);
    held.otherwiseEmpty().await(10, TimeUnit.SECONDS);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    assertTrue(held.failed(), "no answer");
    assertTrue(waitedMs >= 1_200 && waitedMs < 4_000, "given 1 s x 1.0 + 300 ms: waited " + waitedMs + " ms");
    AsrRequest sent = requests.get(0);
    long budget = sent.deadlineMs() - System.currentTimeMillis() + waitedMs;
    assertTrue(budget > 1_000 && budget <= 1_400, "deadline 1.3 s after sending, was " + budget);

    // the worker that let it time out is passed over for the next window
    String silent = seen.get(0);
    String other = silent.equals("a") ? "b" : "a";
    modes.put(other, Mode.ANSWER);
    assertEquals(other, transcribe(1_000).await(5, TimeUnit.SECONDS));
  }

  @Test
  void aWindowAtAWorkerThatLeavesTheClusterIsResentToAnotherAtOnce() throws Exception {
    modes.put("a", Mode.HOLD);
    modes.put("b", Mode.HOLD);
    Future<String> answer = transcribe(20_000);
    long until = System.currentTimeMillis() + 5_000;
    while (seen.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    String first = seen.get(0);
    String other = first.equals("a") ? "b" : "a";
    modes.put(other, Mode.ANSWER);
    long began = System.nanoTime();
    vertx.eventBus().publish(Addresses.ASR_NODE_LEFT, first, new DeliveryOptions().setLocalOnly(true));
    assertEquals(other, answer.await(5, TimeUnit.SECONDS));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) < 1_000, "at once, not at the 20 s deadline");
    assertEquals(List.of(first, other), seen);
  }
}
