package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PocketSphinxEngineConcurrencyTest {

  private static final TranscribeOptions ENGLISH = TranscribeOptions.of("en");
  private static final int THREADS = 4;
  private static final int POOL_SIZE = 2;

  @Test
  void fourThreadsAtOnceHearWhatOneThreadHears() throws Exception {
    List<short[]> clips = List.of(
        SpokenAudio.say(List.of("I would like a cup of coffee.", "She has a big red car.")),
        SpokenAudio.say(List.of("The weather is very nice today.", "What time is it now?")),
        SpokenAudio.say(List.of("Please open the door for me.", "I think it is going to rain.")),
        SpokenAudio.say(List.of("We are going to the store.", "Thank you very much for your help.")));

    try (PocketSphinxEngine engine = new PocketSphinxEngine(PocketSphinxSettings.defaults().withPoolSize(POOL_SIZE))) {
      List<String> alone = new ArrayList<>();
      for (short[] clip : clips) {
        alone.add(engine.transcribe(new AudioWindow(0, clip), ENGLISH).text());
      }

      List<String> together = transcribeAtOnce(engine, clips);

      assertEquals(alone, together);
      alone.forEach(text -> assertFalse(text.isBlank(), "a clip gave no words: " + alone));
      assertTrue(engine.decodersAlive() <= POOL_SIZE, "decoders alive: " + engine.decodersAlive());
    }
  }

  /** Each of four threads transcribes its own clip twice, all starting at the same moment. */
  private static List<String> transcribeAtOnce(PocketSphinxEngine engine, List<short[]> clips) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (short[] clip : clips) {
        results.add(threads.submit(() -> {
          start.await();
          String first = engine.transcribe(new AudioWindow(0, clip), ENGLISH).text();
          String second = engine.transcribe(new AudioWindow(0, clip), ENGLISH).text();
          assertEquals(first, second, "the same clip twice on a reused decoder");
          return first;
        }));
      }
      start.countDown();
      List<String> texts = new ArrayList<>();
      for (Future<String> result : results) {
        texts.add(result.get(120, TimeUnit.SECONDS));
      }
      return texts;
    } finally {
      threads.shutdownNow();
    }
  }
}
