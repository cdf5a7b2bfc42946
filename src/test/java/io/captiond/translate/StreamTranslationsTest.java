package io.captiond.translate;

import static io.captiond.translate.StageContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's translation stage against a scripted worker on a real event bus: what it stores and publishes,
 * and how it rides out a refusing engine, a service that is down, and a backlog past its bound.
 */
class StreamTranslationsTest {

  static final String ENGINE = "scripted";

  @TempDir
  Path dir;

  Vertx vertx;
  Context context;
  SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** The worker's answer per request: null translates ("es:" + text), else the failure code. */
  volatile java.util.function.Function<TranslationRequest, Integer> script = request -> null;
  final AtomicInteger requests = new AtomicInteger();
  final List<TranslatedCaption> published = new CopyOnWriteArrayList<>();
  final List<String> health = new CopyOnWriteArrayList<>();
  StreamTranslations stage;
  long seq;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    TranslationCodecs.registerAll(vertx.eventBus());
    vertx.eventBus().<TranslationRequest>consumer(TranslationAddresses.forEngine(ENGINE), message -> {
      requests.incrementAndGet();
      Integer failure = script.apply(message.body());
      if (failure != null) {
        message.fail(failure, "scripted failure " + failure);
      } else {
        message.reply(new TranslationReply(ENGINE, message.body().pair(), message.body().units().stream()
            .map(u -> u.withText("es:" + u.text())).toList()));
      }
    });
    vertx.eventBus().<TranslatedCaption>consumer(TranslationAddresses.captions("s1", "es"),
        message -> published.add(message.body()));
    context = vertx.getOrCreateContext();
    onContext(() -> {
      stage = new StreamTranslations(vertx, "s1", "en", dir, settings(), CueLayout.Config.defaults(),
          new TranslationMetrics(meters), pair -> Optional.of(ENGINE), health::add);
      stage.languages(List.of("es"));
    });
  }

  static TranslationSettings settings() {
    return new TranslationSettings(java.util.Map.of(), 1, 1, 1_000, 1, 3, 8, 4, TranslationUnits.Limits.DEFAULT);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  void onContext(Runnable action) throws Exception {
    StageContext.run(context, action);
  }

  void say(String sentence, long startMs) throws Exception {
    List<CaptionEvent> finals = words(sentence, startMs);
    onContext(() -> finals.forEach(stage.confirmedHandler()));
  }

  List<CaptionEvent> words(String sentence, long startMs) {
    long at = startMs;
    List<CaptionEvent> finals = new ArrayList<>();
    for (String word : sentence.split(" ")) {
      finals.add(new CaptionEvent("s1", ++seq, CaptionEvent.Type.FINAL, word, at, at + 300));
      at += 400;
    }
    return finals;
  }

  List<TranslatedCaption> finals() {
    return published.stream().filter(TranslatedCaption::isFinal).toList();
  }

  @Test
  void eachSentenceIsTranslatedOnceStoredBeforeItIsPublishedAndNamesItsSourceFinals() throws Exception {
    say("Hello there.", 0);
    say("Good morning to you.", 2_000);
    await(() -> finals().size() == 2, "two translations");
    TranslatedCaption first = finals().get(0);
    assertEquals("es:Hello there.", first.text());
    assertEquals(List.of(1L, 2L), first.sources());
    assertEquals(0, first.startMs());
    assertEquals(700, first.endMs());
    assertEquals(List.of(3L, 4L, 5L, 6L), finals().get(1).sources());
    assertEquals(finals(), TranslationLog.in(dir, "es").readAfter(0), "what was published is what is stored");
    assertTrue(finals().get(1).seq() > first.seq());
  }

  @Test
  void aTrackOpenedOverItsStoredLogNumbersOnAfterItEvenForASentenceThatCameBeforeTheLogWasRead() throws Exception {
    say("Hello there.", 0);
    await(() -> finals().size() == 1, "the first translation");
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    onContext(() -> stage.stop(Future.succeededFuture()).onComplete(done -> stopped.complete(null)));
    stopped.get(10, TimeUnit.SECONDS);
    List<CaptionEvent> next = words("Good morning to you.", 2_000);
    onContext(() -> { // a restart: the new track's first sentence comes in the turn that opens it
      stage = new StreamTranslations(vertx, "s1", "en", dir, settings(), CueLayout.Config.defaults(),
          new TranslationMetrics(meters), pair -> Optional.of(ENGINE), health::add);
      stage.languages(List.of("es"));
      next.forEach(stage.confirmedHandler());
    });
    await(() -> finals().size() == 2, "the translation after the restart");
    assertEquals(finals().get(0).seq() + 1, finals().get(1).seq(), "numbered on after the stored one");
    assertEquals(finals(), TranslationLog.in(dir, "es").readAfter(0));
  }

  @Test
  void wordsWithoutPunctuationCloseAtAPauseOnlyOnceTheSourceIsQuietPastIt() throws Exception {
    say("hello there", 0); // words end at 700 ms
    onContext(() -> stage.settle(Long.MIN_VALUE));
    onContext(() -> stage.settle(1_000)); // quiet, but only 300 ms after the last word
    Thread.sleep(200);
    assertTrue(finals().isEmpty(), "no pause yet: " + finals());
    onContext(() -> stage.settle(1_500));
    await(() -> finals().size() == 1, "the unit closed at the pause");
    assertEquals("es:hello there", finals().get(0).text());
  }

  @Test
  void aUnitTheEngineKeepsRefusingIsRetriedThenSkippedAsACountedGapAndTheNextGoesOn() throws Exception {
    script = request -> request.units().stream().anyMatch(u -> u.text().contains("bad")) ? 400 : null;
    say("A bad sentence.", 0);
    say("A good one.", 2_000);
    await(() -> finals().size() == 1, "the good sentence");
    assertEquals("es:A good one.", finals().get(0).text());
    assertEquals(1.0, meters.get("captiond.translation.gaps").counter().count());
    assertTrue(requests.get() >= 3, "the first try, then " + 1 + " retry alone: " + requests.get());
  }

  @Test
  void aServiceThatIsDownDegradesTheStreamAndTheWaitingUnitsCatchUpOnceEachWhenItIsBack() throws Exception {
    script = request -> 502;
    say("One.", 0);
    say("Two.", 1_000);
    await(() -> !health.isEmpty() && health.get(health.size() - 1) != null, "degraded");
    assertTrue(health.get(health.size() - 1).startsWith("translation into es unavailable"), health.toString());
    assertTrue(finals().isEmpty());
    script = request -> null;
    await(() -> finals().size() == 2, "both units after the outage");
    assertNull(health.get(health.size() - 1), "well again: " + health);
    assertEquals(List.of("es:One.", "es:Two."), finals().stream().map(TranslatedCaption::text).toList());
    for (int i = 1; i < published.size(); i++) {
      assertTrue(published.get(i).seq() > published.get(i - 1).seq(), "published in seq order, cues after the "
          + "batch's finals: " + published);
    }
    assertEquals(0.0, meters.find("captiond.translation.gaps").counter() == null ? 0.0
        : meters.get("captiond.translation.gaps").counter().count());
  }

  @Test
  void beyondTheBacklogBoundTheOldestWaitingUnitIsSkipped() throws Exception {
    say("Ready.", 0); // once it is translated, the language's log is open and units go out as they come
    await(() -> finals().size() == 1, "the first translation");
    script = request -> 502;
    List<CaptionEvent> finals = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      finals.addAll(words("Unit" + i + ".", 1_000 + i * 1_000L));
    }
    onContext(() -> finals.forEach(stage.confirmedHandler())); // at once: the first is in flight as the rest come
    await(() -> meters.find("captiond.translation.gaps").counter() != null
        && meters.get("captiond.translation.gaps").counter().count() == 2, "two gaps: 6 units, 1 in flight, 3 waiting");
    script = request -> null;
    await(() -> finals().size() == 5, "the four kept");
    assertEquals(List.of("es:Ready.", "es:Unit0.", "es:Unit3.", "es:Unit4.", "es:Unit5."),
        finals().stream().map(TranslatedCaption::text).toList());
  }
}
