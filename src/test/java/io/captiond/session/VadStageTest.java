package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.PcmChunk;
import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import io.captiond.vad.SileroVad;
import io.captiond.vad.SpeechDetector;
import io.captiond.vad.SpeechEdge;
import io.captiond.vad.VadSettings;
import io.captiond.vad.VadState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VadStageTest {

  private static SileroVad vad;
  private static short[] jfk;

  @BeforeAll
  static void load() throws Exception {
    vad = SileroVad.load(Fixtures.sileroVad(), 1);
    jfk = WavFile.read16kMono(Fixtures.jfkWav());
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  @Test
  void judgesChunksInStreamOrderWithTheEdgesOfAFrameByFrameRunAndCountsSpeech() throws Exception {
    VadSettings config = VadSettings.defaults(Fixtures.sileroVad());
    Vertx vertx = Vertx.vertx();
    try {
      List<Long> judgedStarts = new ArrayList<>();
      List<SpeechEdge> edges = new ArrayList<>();
      CompletableFuture<VadStage> done = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        VadStage stage = new VadStage(vertx, "s", vad, config, new SimpleMeterRegistry().timer("vad"), () -> false);
        for (int from = 0; from < jfk.length; from += 1_600) {
          short[] samples = Arrays.copyOfRange(jfk, from, Math.min(jfk.length, from + 1_600));
          stage.judge(new PcmChunk("s", from / 16, samples), judged -> {
            judgedStarts.add(judged.chunk().startMs());
            edges.addAll(judged.edges());
          });
        }
        stage.afterPending(() -> {
          edges.addAll(stage.flush());
          vertx.executeBlocking(() -> {
            stage.close();
            return stage;
          }).onComplete(closed -> done.complete(stage));
        });
      });
      VadStage stage = done.get(60, TimeUnit.SECONDS);

      List<Long> inOrder = new ArrayList<>(judgedStarts);
      inOrder.sort(null);
      assertEquals(inOrder, judgedStarts, "judged in stream order");
      assertEquals((jfk.length + 1_599) / 1_600, judgedStarts.size());
      assertEquals(frameByFrame(config), edges, "100 ms chunks cut frames where a frame-by-frame run does");
      long spoken = 0;
      for (int i = 0; i + 1 < edges.size(); i += 2) {
        spoken += edges.get(i + 1).millis() - edges.get(i).millis();
      }
      assertTrue(Math.abs(stage.speechMs() - spoken) <= edges.size(), stage.speechMs() + " vs " + spoken);
      assertFalse(stage.inSpeech(), "the flush closed the last speech");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void speechAfterAPauseStartsNoEarlierThanTheAudioJudgedBeforeIt() throws Exception {
    VadSettings config = VadSettings.defaults(Fixtures.sileroVad());
    Vertx vertx = Vertx.vertx();
    try {
      // The clip cut at 6 s, mid-sentence, then its words again at once: a publisher that left and came back.
      int cut = 6 * 16_000;
      short[] again = Arrays.copyOfRange(jfk, 6_400, 6_400 + 4 * 16_000); // from 0.4 s, in speech at once
      List<SpeechEdge> before = new ArrayList<>();
      List<SpeechEdge> after = new ArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        VadStage stage = new VadStage(vertx, "s", vad, config, new SimpleMeterRegistry().timer("vad"), () -> false);
        for (int from = 0; from < cut; from += 1_600) {
          stage.judge(new PcmChunk("s", from / 16, Arrays.copyOfRange(jfk, from, from + 1_600)),
              judged -> before.addAll(judged.edges()));
        }
        stage.afterPending(() -> before.addAll(stage.flush()));
        for (int from = 0; from < again.length; from += 1_600) {
          stage.judge(new PcmChunk("s", (cut + from) / 16, Arrays.copyOfRange(again, from, from + 1_600)),
              judged -> after.addAll(judged.edges()));
        }
        stage.afterPending(() -> vertx.executeBlocking(() -> {
          stage.close();
          return null;
        }).onComplete(closed -> done.complete(null)));
      });
      done.get(60, TimeUnit.SECONDS);

      assertEquals(SpeechEdge.Kind.END, before.get(before.size() - 1).kind(), "the pause closed the speech: " + before);
      assertTrue(before.get(before.size() - 1).sample() <= cut);
      assertEquals(SpeechEdge.Kind.START, after.get(0).kind(), after.toString());
      assertTrue(after.get(0).sample() >= cut - VadSettings.FRAME_SAMPLES,
          "not padded back into the audio before the pause: " + after);
      assertTrue(after.get(0).sample() < cut + 3_200, "the speech after the pause starts about there: " + after);
    } finally {
      vertx.close().await();
    }
  }

  private static List<SpeechEdge> frameByFrame(VadSettings config) throws Exception {
    SpeechDetector detector = new SpeechDetector(config);
    List<SpeechEdge> edges = new ArrayList<>();
    try (VadState state = vad.newState()) {
      for (int from = 0; from + VadSettings.FRAME_SAMPLES <= jfk.length; from += VadSettings.FRAME_SAMPLES) {
        float p = vad.speechProbability(state, Arrays.copyOfRange(jfk, from, from + VadSettings.FRAME_SAMPLES));
        edges.addAll(detector.accept(from, p));
      }
    }
    edges.addAll(detector.flush());
    return edges;
  }
}
