package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import io.captiond.media.Pcm16k;
import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import io.captiond.testing.WordErrorRate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PocketSphinxEngineTest {

  private static final TranscribeOptions ENGLISH = TranscribeOptions.of("en");

  private static PocketSphinxEngine engine;

  @BeforeAll
  static void loadEngine() throws Exception {
    engine = new PocketSphinxEngine(PocketSphinxSettings.defaults());
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @Test
  void namesItselfAndAlignsWordTimes() {
    assertEquals("pocketsphinx", engine.name());
    assertEquals(WordTiming.ALIGNED, engine.wordTiming());
  }

  @Test
  void transcribesJfkWithinSeventyPercentWordErrorRate() throws Exception {
    short[] samples = WavFile.read16kMono(Fixtures.jfkWav());
    long started = System.nanoTime();
    Transcript transcript = engine.transcribe(new AudioWindow(0, samples), ENGLISH);
    double decodeSeconds = (System.nanoTime() - started) / 1e9;
    double audioSeconds = samples.length / (double) Pcm16k.SAMPLE_RATE;
    double wer = WordErrorRate.of(Fixtures.jfkReference(), transcript.text());
    System.out.printf("pocketsphinx jfk.wav: %.1f s audio decoded in %.2f s, real-time factor %.3f (%d cores)%n",
        audioSeconds, decodeSeconds, decodeSeconds / audioSeconds, Runtime.getRuntime().availableProcessors());
    System.out.printf("pocketsphinx jfk.wav: WER %.3f, text: %s%n", wer, transcript.text());
    assertTrue(wer <= 0.7, "WER " + wer + " for: " + transcript.text());
  }

  @Test
  void transcribesPlainSynthesizedSentencesWithinThirtyPercentWordErrorRate() throws Exception {
    List<String> sentences = List.of(
        "I would like a cup of coffee.",
        "The weather is very nice today.",
        "Please open the door for me.",
        "We are going to the store.",
        "Thank you very much for your help.");
    short[] samples = SpokenAudio.say(sentences);

    Transcript transcript = engine.transcribe(new AudioWindow(0, samples), ENGLISH);

    double wer = WordErrorRate.of(String.join(" ", sentences), transcript.text());
    System.out.printf("pocketsphinx flite: WER %.3f over %d sentences in one window, text: %s%n",
        wer, sentences.size(), transcript.text());
    assertTrue(wer <= 0.3, "WER " + wer + " for: " + transcript.text());
  }

  @Test
  void givesWordTimesInStreamTimeInOrderAndInsideTheWindow() throws Exception {
    short[] leadingSilenceThenSpeech = SpokenAudio.concat(
        SpokenAudio.silence(2000), SpokenAudio.say(List.of("Please open the door for me.")));
    AudioWindow window = new AudioWindow(5000, leadingSilenceThenSpeech);

    Transcript transcript = engine.transcribe(window, ENGLISH);

    assertEquals(1, transcript.segments().size(), transcript.toString());
    Segment segment = transcript.segments().get(0);
    List<Word> words = segment.words();
    assertTrue(words.size() >= 4, transcript.toString());
    // The first word cannot start before the two seconds of silence are over.
    assertTrue(words.get(0).startMs() >= 5000 + 1900, "first word at " + words.get(0).startMs());
    long previousEnd = window.startMs();
    for (Word word : words) {
      assertTrue(word.startMs() >= previousEnd, "word " + word + " starts before " + previousEnd);
      assertTrue(word.endMs() > word.startMs(), "word " + word + " has no duration");
      assertTrue(word.endMs() <= window.endMs(), "word " + word + " ends after " + window.endMs());
      assertTrue(word.probability() >= 0 && word.probability() <= 1, "probability of " + word);
      previousEnd = word.endMs();
    }
    assertEquals(words.get(0).startMs(), segment.startMs());
    assertEquals(words.get(words.size() - 1).endMs(), segment.endMs());
  }

  @Test
  void hearsNothingInDigitalSilence() throws Exception {
    Transcript transcript = engine.transcribe(new AudioWindow(0, SpokenAudio.silence(2000)), ENGLISH);

    assertEquals("", transcript.text());
    assertTrue(transcript.segments().isEmpty(), transcript.toString());
  }

  @Test
  void hearsAtMostTwoWordsInLowWhiteNoise() throws Exception {
    Transcript transcript = engine.transcribe(new AudioWindow(0, SpokenAudio.noise(2000, 100)), ENGLISH);

    int words = WordErrorRate.normalize(transcript.text()).size();
    System.out.printf("pocketsphinx white noise: %d words: '%s'%n", words, transcript.text());
    assertTrue(words <= 2, "heard in noise: " + transcript.text());
  }

  @Test
  void givesAnEmptyTranscriptForAnEmptyWindow() throws Exception {
    assertTrue(engine.transcribe(new AudioWindow(0, new short[0]), ENGLISH).segments().isEmpty());
  }

  @Test
  void acceptsAnUnsetLanguageAndAnswersEnglish() throws Exception {
    Transcript transcript = engine.transcribe(
        new AudioWindow(0, SpokenAudio.silence(500)), new TranscribeOptions(null, "earlier text"));

    assertEquals("en", transcript.language());
  }

  @Test
  void refusesLanguagesOtherThanEnglish() {
    AsrException error = assertThrows(AsrException.class,
        () -> engine.transcribe(new AudioWindow(0, SpokenAudio.silence(500)), TranscribeOptions.of("de")));

    assertTrue(error.getMessage().contains("de"), error.getMessage());
  }
}
