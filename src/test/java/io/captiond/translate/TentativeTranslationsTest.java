package io.captiond.translate;

import static io.captiond.translate.StageContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code translate.tentative}: off by default; on, the open unit and the source's tentative text are translated
 * and sent live as {@code partial} events, never stored, and an answer that a final has overtaken is dropped.
 */
class TentativeTranslationsTest {

  @TempDir
  Path dir;

  Vertx vertx;
  Context context;
  StreamTranslations stage;
  final List<TranslatedCaption> published = new CopyOnWriteArrayList<>();
  final List<Message<TranslationRequest>> held = new CopyOnWriteArrayList<>();
  volatile boolean hold;
  long seq;

  void start(boolean tentative) throws Exception {
    vertx = Vertx.vertx();
    TranslationCodecs.registerAll(vertx.eventBus());
    vertx.eventBus().<TranslationRequest>consumer(TranslationAddresses.forEngine("scripted"), message -> {
      if (hold) {
        held.add(message);
      } else {
        answer(message);
      }
    });
    vertx.eventBus().<TranslatedCaption>consumer(TranslationAddresses.captions("s1", "es"),
        message -> published.add(message.body()));
    TranslationSettings settings = new TranslationSettings(java.util.Map.of(), 1, 1, 1_000, 1, 3, 8, 4,
        TranslationUnits.Limits.DEFAULT, TranslationSettings.DEFAULT_AUDIO_KEPT_MS, tentative);
    context = vertx.getOrCreateContext();
    onContext(() -> {
      stage = new StreamTranslations(vertx, "s1", "en", dir, settings, CueLayout.Config.defaults(),
          new TranslationMetrics(new SimpleMeterRegistry()), pair -> Optional.of("scripted"), detail -> { });
      stage.languages(List.of("es"));
    });
  }

  static void answer(Message<TranslationRequest> message) {
    message.reply(new TranslationReply("scripted", message.body().pair(), message.body().units().stream()
        .map(u -> u.withText("es:" + u.text())).toList()));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  void onContext(Runnable action) throws Exception {
    StageContext.run(context, action);
  }

  void confirm(String word, long startMs) throws Exception {
    onContext(() -> stage.confirmed(new CaptionEvent("s1", ++seq, CaptionEvent.Type.FINAL, word, startMs,
        startMs + 300)));
  }

  List<TranslatedCaption> partials() {
    return published.stream().filter(TranslatedCaption::tentative).toList();
  }

  @Test
  void offByDefaultNoTentativeTextIsTranslated() throws Exception {
    start(false);
    assertFalse(TranslationSettings.NONE.tentative());
    confirm("Good", 0);
    onContext(() -> stage.tentative("morning to", 400, 1_100));
    confirm("morning.", 400);
    await(() -> published.stream().anyMatch(TranslatedCaption::isFinal), "the final");
    Thread.sleep(200);
    assertTrue(partials().isEmpty(), published.toString());
  }

  @Test
  void theOpenUnitWithTheTentativeTextIsSentLiveAsAPartialAndNeverStored() throws Exception {
    start(true);
    confirm("Good", 0);
    onContext(() -> stage.tentative("morning to", 400, 1_100));
    await(() -> !partials().isEmpty(), "a partial");
    TranslatedCaption partial = partials().get(0);
    assertEquals("es:Good morning to", partial.text());
    assertEquals(0, partial.startMs());
    assertEquals(1_100, partial.endMs());
    assertEquals("partial", partial.toJson().getString("type"));
    assertEquals(partial, TranslatedCaption.fromStoredJson(partial.toStoredJson()), "the bus form keeps it tentative");

    confirm("morning.", 400);
    await(() -> published.stream().anyMatch(TranslatedCaption::isFinal), "the final");
    TranslatedCaption last = published.stream().filter(TranslatedCaption::isFinal).findFirst().orElseThrow();
    assertTrue(last.seq() > partial.seq(), "numbered in the track's order");
    List<TranslatedCaption> stored = TranslationLog.in(dir, "es").readAfter(0);
    assertEquals(List.of(last), stored, "only the final is stored");
  }

  @Test
  void aTentativeAnswerThatAFinalOvertookIsDropped() throws Exception {
    start(true);
    hold = true;
    confirm("Good", 0);
    onContext(() -> stage.tentative("morning", 400, 700));
    await(() -> held.size() == 1, "the tentative request");
    hold = false;
    confirm("morning.", 400);
    await(() -> published.stream().anyMatch(TranslatedCaption::isFinal), "the final");
    answer(held.get(0));
    Thread.sleep(300);
    assertTrue(partials().isEmpty(), "a tentative answer after the final covering it: " + published);
  }
}
