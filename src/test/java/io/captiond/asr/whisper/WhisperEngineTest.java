package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.WordTiming;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on the synthetic micro model: random weights, so structure is tested, not words. */
class WhisperEngineTest {

  static Path dir;
  static WhisperEngine engine;
  static short[] jfk;

  @BeforeAll
  static void load() throws Exception {
    dir = SyntheticWhisper.ensure("micro");
    engine = WhisperEngine.load(dir.resolve("model"), 1);
    jfk = WavFile.read16kMono(dir.resolve("audio/jfk.wav"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void segmentsFollowTheReferenceTokensInStreamTime() throws Exception {
    Transcript transcript = engine.transcribe(new AudioWindow(60_000, jfk), TranscribeOptions.of("en"));
    assertEquals(WordTiming.DERIVED, transcript.wordTiming());
    assertEquals("en", transcript.language());
    assertFalse(transcript.segments().isEmpty());
    long previousEnd = 60_000;
    for (Segment segment : transcript.segments()) {
      assertTrue(segment.startMs() >= previousEnd, segment + " starts before " + previousEnd);
      assertTrue(segment.endMs() <= 60_000 + 11_000, segment + " ends after the window");
      previousEnd = segment.endMs();
    }
    // the text is the reference decode's text (timestamps dropped)
    int[] tokens = SyntheticWhisper.reference(dir).getJsonObject("decodes").getJsonObject("jfk").getJsonArray("tokens")
        .stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    WhisperTokenizer tok = WhisperTokenizer.fromRankFile(dir.resolve("model/multilingual.tiktoken"), 51865);
    String expected = tok.decode(java.util.Arrays.copyOfRange(tokens, 3, tokens.length - 1));
    assertEquals(expected, transcript.segments().stream().map(Segment::text).reduce("", String::concat));
  }

  @Test
  void detectsALanguageWhenNoneIsGiven() throws Exception {
    Transcript transcript = engine.transcribe(new AudioWindow(0, jfk), new TranscribeOptions(null, ""));
    assertTrue(WhisperTokenizer.LANGUAGES.contains(transcript.language()), transcript.language());
  }

  @Test
  void promptGoesBeforeStartOfTranscript() throws Exception {
    WhisperTokenizer tok = WhisperTokenizer.fromRankFile(dir.resolve("model/multilingual.tiktoken"), 51865);
    int[] prompt = WhisperEngine.prompt(tok, "  earlier words ", "en");
    int[] text = tok.encode(" earlier words");
    assertEquals(tok.sotPrev(), prompt[0]);
    assertArrayEquals(text, java.util.Arrays.copyOfRange(prompt, 1, 1 + text.length));
    assertArrayEquals(tok.sotSequence("en", false), java.util.Arrays.copyOfRange(prompt, 1 + text.length, prompt.length));
    Transcript transcript = engine.transcribe(new AudioWindow(0, jfk), new TranscribeOptions("en", "earlier words"));
    assertTrue(transcript.segments().stream().allMatch(s -> s.endMs() <= 11_000));
  }

  @Test
  void rejectsWindowsLongerThanThirtySeconds() {
    AsrException e = assertThrows(AsrException.class,
        () -> engine.transcribe(new AudioWindow(0, new short[31 * 16_000]), TranscribeOptions.of("en")));
    assertTrue(e.getMessage().contains("30 s"), e.getMessage());
  }

  @Test
  void givesTheSameAnswerFromSeveralThreads() throws Exception {
    AudioWindow window = new AudioWindow(0, java.util.Arrays.copyOf(jfk, 64_000));
    Transcript alone = engine.transcribe(window, TranscribeOptions.of("en"));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Transcript>> results = pool.invokeAll(List.of(
          () -> engine.transcribe(window, TranscribeOptions.of("en")),
          () -> engine.transcribe(window, TranscribeOptions.of("en")),
          () -> engine.transcribe(window, TranscribeOptions.of("en"))));
      for (Future<Transcript> result : results) {
        assertEquals(alone, result.get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
