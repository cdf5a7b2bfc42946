package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Translation workers over a real Vert.x event bus. */
@ExtendWith(VertxExtension.class)
class TranslationWorkerVerticleTest {

  static final LanguagePair EN_ES = LanguagePair.of("en", "es");
  static final List<TranslationUnit> UNITS = List.of(new TranslationUnit("Hello world.", 1_000, 1_650),
      new TranslationUnit("Good morning.", 2_000, 2_900));

  TranslationCatalog catalog = new TranslationCatalog();
  GatedEngine gated = new GatedEngine("gated", "es:", false);

  @BeforeEach
  void deploy(Vertx vertx) {
    TranslationCodecs.registerAll(vertx.eventBus());
    catalog.put(gated);
    vertx.deployVerticle(new TranslationWorkerVerticle(catalog, "gated",
        new TranslationWorkerVerticle.Limits(1, 1), new SimpleMeterRegistry())).await();
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  static Future<Message<TranslationReply>> ask(Vertx vertx, String engine, TranslationRequest request) {
    return vertx.eventBus().request(TranslationAddresses.forEngine(engine), request);
  }

  static TranslationRequest request(String stream, long deadlineMs) {
    return new TranslationRequest(stream, EN_ES, UNITS, deadlineMs);
  }

  static void assertFailure(Throwable error, int code, String start) {
    ReplyException reply = (ReplyException) error;
    assertEquals(code, reply.failureCode(), reply.getMessage());
    assertTrue(reply.getMessage().startsWith(start), reply.getMessage());
  }

  @Test
  void repliesWithEachUnitTranslatedKeepingItsSourceSpan(Vertx vertx, VertxTestContext test) {
    gated.open = true;
    ask(vertx, "gated", request("s1", 5_000)).onComplete(test.succeeding(message -> test.verify(() -> {
      assertEquals(new TranslationReply("gated", EN_ES, List.of(new TranslationUnit("es:HELLO WORLD.", 1_000, 1_650),
          new TranslationUnit("es:GOOD MORNING.", 2_000, 2_900))), message.body());
      test.completeNow();
    })));
  }

  @Test
  void refusesARequestAtOnceWhenItsQueueIsFullAndServesTheQueueInOrder(Vertx vertx, VertxTestContext test) {
    Future<Message<TranslationReply>> first = ask(vertx, "gated", request("first", 10_000));
    Future<Message<TranslationReply>> second = ask(vertx, "gated", request("second", 10_000));
    ask(vertx, "gated", request("third", 10_000)).onComplete(test.failing(error -> test.verify(() -> {
      assertFailure(error, TranslationWorkerVerticle.BUSY, "translation worker for gated is full: 1 with the engine and 1 waiting");
      assertEquals(1, gated.waiting.size());
      gated.release();
    })));
    first.compose(one -> {
      vertx.setTimer(50, id -> gated.release());
      return second;
    }).onComplete(test.succeeding(two -> test.verify(() -> {
      assertEquals(2, gated.seen.size());
      test.completeNow();
    })));
  }

  @Test
  void dropsARequestThatWaitedInTheQueuePastItsDeadline(Vertx vertx, VertxTestContext test) {
    ask(vertx, "gated", request("slow", 10_000));
    ask(vertx, "gated", request("hurried", 100)).onComplete(test.failing(error -> test.verify(() -> {
      assertFailure(error, TranslationWorkerVerticle.DEADLINE,
          "request of stream hurried waited past its 100 ms deadline in the gated queue");
      assertEquals(1, gated.seen.size(), "the late request never reached the engine");
      test.completeNow();
    })));
    vertx.setTimer(300, id -> gated.release());
  }

  @Test
  void stopsWaitingForAnEngineThatMissesTheDeadline(Vertx vertx, VertxTestContext test) {
    ask(vertx, "gated", request("s1", 200)).onComplete(test.failing(error -> test.verify(() -> {
      assertFailure(error, TranslationWorkerVerticle.DEADLINE,
          "gated did not translate 2 units of stream s1 within their 200 ms deadline");
      test.completeNow();
    })));
  }

  @Test
  void refusesAPairTheEngineDoesNotOfferNamingThoseItDoes(Vertx vertx, VertxTestContext test) {
    TranslationRequest french = new TranslationRequest("s1", LanguagePair.of("en", "fr"), UNITS, 5_000);
    ask(vertx, "gated", french).onComplete(test.failing(error -> test.verify(() -> {
      assertFailure(error, TranslationWorkerVerticle.REFUSED, "gated does not offer en->fr; it offers en->es");
      test.completeNow();
    })));
  }

  @Test
  void reportsAnUnreachableServiceWithItsOwnCode(Vertx vertx, VertxTestContext test) {
    gated.failure = new TranslationException(TranslationException.Reason.UNREACHABLE, "gated at http://x is unreachable");
    ask(vertx, "gated", request("s1", 5_000)).onComplete(test.failing(error -> test.verify(() -> {
      assertFailure(error, TranslationWorkerVerticle.UNREACHABLE, "gated at http://x is unreachable");
      test.completeNow();
    })));
  }

  @Test
  void answersNoEngineWhenTheCatalogNoLongerHasIt(Vertx vertx, VertxTestContext test) {
    catalog.remove("gated");
    ask(vertx, "gated", request("s1", 5_000)).onComplete(test.failing(error -> test.verify(() -> {
      assertFailure(error, TranslationWorkerVerticle.NO_ENGINE, "no translation engine 'gated' on this worker; it has []");
      test.completeNow();
    })));
  }

  @Test
  void usesASwappedEngineForTheNextRequestAndClosesTheOldOneAfterItsRequest(Vertx vertx, VertxTestContext test) {
    GatedEngine fresh = new GatedEngine("gated", "new:", true);
    Future<Message<TranslationReply>> before = ask(vertx, "gated", request("before", 10_000));
    vertx.setTimer(100, id -> {
      catalog.put(fresh);
      test.verify(() -> assertTrue(!gated.closed.get(), "the old engine still has a request"));
      gated.release();
    });
    before.compose(old -> {
      test.verify(() -> {
        assertEquals("es:HELLO WORLD.", old.body().units().get(0).text());
        assertTrue(gated.closed.get());
      });
      return ask(vertx, "gated", request("after", 10_000));
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertEquals("new:HELLO WORLD.", after.body().units().get(0).text());
      test.completeNow();
    })));
  }

  @Test
  void translatesWithARealApyBehindTheBus(Vertx vertx) throws Throwable {
    try (Apy apy = Apy.start()) {
      catalog.put(ApertiumEngine.connect(vertx, "apertium", new ApertiumConfig(apy.url(), 10_000, true)).await());
      vertx.deployVerticle(new TranslationWorkerVerticle(catalog, "apertium",
          new TranslationWorkerVerticle.Limits(4, 16), new SimpleMeterRegistry())).await();

      TranslationReply reply = ask(vertx, "apertium", request("s1", 10_000)).await().body();

      assertEquals("apertium", reply.engine());
      for (int i = 0; i < UNITS.size(); i++) {
        TranslationUnit source = UNITS.get(i);
        assertEquals(source.withText(Apy.commandLine("eng-spa", source.text())), reply.units().get(i));
      }
    }
  }
}
