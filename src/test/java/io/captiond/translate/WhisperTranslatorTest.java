package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.app.Codecs;
import io.captiond.asr.AsrRequest;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.WordTiming;
import io.captiond.asr.WorkerDirectory;
import io.captiond.asr.WorkerInfo;
import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A language translated by the {@code whisper} engine, against a scripted ASR worker: each unit's audio span goes
 * out with {@code task=translate} and the stream's language, and what the worker hears is the unit's text; a unit
 * whose audio has left the stream's recent audio is skipped at once, a counted gap.
 */
class WhisperTranslatorTest {

  @TempDir
  Path dir;

  Vertx vertx;
  Context context;
  SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<AsrRequest> heard = new CopyOnWriteArrayList<>();
  final List<TranslatedCaption> published = new CopyOnWriteArrayList<>();
  StreamTranslations stage;
  long seq;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx.eventBus());
    vertx.eventBus().<AsrRequest>consumer(Addresses.asrNode("local"), message -> {
      AsrRequest request = message.body();
      heard.add(request);
      message.reply(new Transcript(List.of(Segment.of(" heard " + request.window().startMs() + "+"
          + request.window().samples().length, request.window().startMs(), request.window().endMs(), List.of())),
          "en", WordTiming.DERIVED));
    });
    vertx.eventBus().<TranslatedCaption>consumer(TranslationAddresses.captions("s1", "en"),
        message -> published.add(message.body()));
    WorkerDirectory workers = new WorkerDirectory();
    workers.heard(new WorkerInfo("local", "small", List.of(new EngineCatalog.Description("small", "whisper", "CPU", 1,
        "/models/small", 0)), 4, 0, 0));
    TranslationSettings settings = new TranslationSettings(java.util.Map.of(), 1, 1, 1_000, 1, 3, 8, 4,
        TranslationUnits.Limits.DEFAULT, 1_000, false);
    context = vertx.getOrCreateContext();
    onContext(() -> {
      stage = new StreamTranslations(vertx, "s1", "es", dir, settings, CueLayout.Config.defaults(),
          new TranslationMetrics(meters), pair -> Optional.empty(), detail -> { });
      stage.whisper(new WhisperWorkers(workers, null));
      stage.languages(List.of("en:whisper"));
      for (long at = 0; at < 3_000; at += 100) {
        stage.audio(at, new short[1_600]);
      }
    });
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  void onContext(Runnable action) throws Exception {
    StageContext.run(context, action);
  }

  void say(String text, long startMs, long endMs) throws Exception {
    onContext(() -> stage.confirmed(new CaptionEvent("s1", ++seq, CaptionEvent.Type.FINAL, text, startMs, endMs)));
  }

  double gaps() {
    var counter = meters.find("captiond.translation.gaps").tag("lang", "en").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aUnitIsWhatTheWorkerHearsInItsSpanWithTheTranslateTask() throws Exception {
    say("Hola amigos.", 2_200, 2_900);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (published.stream().noneMatch(TranslatedCaption::isFinal) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    TranslatedCaption english = published.stream().filter(TranslatedCaption::isFinal).findFirst().orElseThrow();
    assertEquals("heard 2200+" + 700 * 16, english.text());
    assertEquals(2_200, english.startMs());
    assertEquals(2_900, english.endMs());
    assertEquals(List.of(1L), english.sources());
    AsrRequest request = heard.get(0);
    assertEquals("small", request.engine());
    assertEquals("es", request.options().language());
    assertTrue(request.options().translate());
  }

  @Test
  void aUnitWhoseAudioHasLeftIsSkippedAsACountedGap() throws Exception {
    say("Buenos días.", 100, 800);
    say("Hola amigos.", 2_200, 2_900);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (published.stream().noneMatch(TranslatedCaption::isFinal) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1.0, gaps());
    assertEquals(1, heard.size(), "the gone unit never reached a worker");
    List<TranslatedCaption> finals = published.stream().filter(TranslatedCaption::isFinal).toList();
    assertEquals(1, finals.size());
    assertEquals(2_200, finals.get(0).startMs());
  }
}
