package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Long scripted runs with random hypotheses: each decode hears the words really said in its
 * window, with random case, punctuation and timing jitter, and a random tail of up to three words
 * garbled or missing (a final decode hears its window whole). Whatever the hypotheses, the
 * confirmed text must be what was said, each word once, in order, never revised.
 */
class StreamingPolicyPropertyTest {

  @Test
  void confirmedTextIsWhatWasSaidEachWordOnceInOrder() {
    StreamingPolicy.Config shortTrim = new StreamingPolicy.Config(700, 4_000, 30_000, 300, 2_000, 500,
        HallucinationGuard.Config.defaults());
    for (long seed = 0; seed < 40; seed++) {
      for (long decodeMs : new long[] {0, 700, 1_800}) {
        check(seed, decodeMs, StreamingPolicy.Config.defaults());
        check(seed, decodeMs, shortTrim);
      }
    }
  }

  private static void check(long seed, long decodeMs, StreamingPolicy.Config config) {
    String what = "seed " + seed + ", decode " + decodeMs + " ms, " + config;
    Speech speech = new Speech(new Random(seed));
    ScriptedSession s = new ScriptedSession(new StreamingPolicy(config, 0), speech::hear);
    s.decodeMs = decodeMs;
    for (long[] run : speech.runs) {
      s.audio(run[0] + 300 - s.positionMs()).speechStart(run[0]);
      s.audio(run[1] + 500 - s.positionMs()).speechEnd(run[1]);
    }
    s.audio(2_000).endOfStream();

    List<String> confirmed = new ArrayList<>();
    long lastStart = -1;
    for (CaptionUpdate update : s.confirmed()) {
      assertTrue(update.startMs() > lastStart, what + ": confirmed in time order at " + update);
      lastStart = update.startMs();
      Arrays.stream(update.text().split(" ")).map(TimedWords::normalize).forEach(confirmed::add);
    }
    assertEquals(speech.said.stream().map(w -> TimedWords.normalize(w.text())).toList(), confirmed, what);
    assertTrue(s.issued.stream().allMatch(j -> j.window().durationMs() <= config.maxWindowMs()), what);
    List<CaptionUpdate> tentatives = s.tentatives();
    assertEquals("", tentatives.get(tentatives.size() - 1).text(), what + ": no tentative text left shown");
  }

  /** Runs of speech with pauses between them, and an engine that hears them imperfectly. */
  private static final class Speech {
    final List<Word> said = new ArrayList<>();
    final List<long[]> runs = new ArrayList<>();
    private final Random random;
    private int garbage;

    Speech(Random random) {
      this.random = random;
      long t = 500;
      while (said.size() < 150) {
        long runStart = t;
        long wordStart = runStart + 200;
        long lastEnd = wordStart;
        int count = 5 + random.nextInt(26);
        for (int i = 0; i < count; i++) {
          long end = wordStart + 200 + random.nextInt(301);
          said.add(new Word(token("w" + said.size()) + punctuation(), wordStart, end, 1));
          lastEnd = end;
          wordStart = end + 50 + random.nextInt(201);
        }
        long runEnd = (lastEnd + 200 + 99) / 100 * 100;
        runs.add(new long[] {runStart, runEnd});
        t = runEnd + 800 + random.nextInt(23) * 100L;
      }
    }

    Transcript hear(DecodeJob job) {
      List<Word> heard = new ArrayList<>();
      for (Word word : said) {
        if (word.startMs() >= job.window().startMs() && word.endMs() <= job.window().endMs()) {
          long start = Math.max(0, word.startMs() + random.nextInt(81) - 40);
          long end = Math.max(start, word.endMs() + random.nextInt(81) - 40);
          heard.add(new Word(respell(word.text()), start, end, 0.9));
        }
      }
      if (!job.isFinal() && !heard.isEmpty()) {
        int k = Math.min(heard.size(), random.nextInt(4));
        boolean drop = random.nextBoolean();
        for (int i = heard.size() - k; i < heard.size(); i++) {
          Word w = heard.get(i);
          heard.set(i, new Word(token("zz" + garbage++), w.startMs(), w.endMs(), 0.3));
        }
        if (drop) {
          heard = new ArrayList<>(heard.subList(0, heard.size() - k));
        }
      }
      return new Transcript(segments(heard), "en", WordTiming.ALIGNED);
    }

    private List<Segment> segments(List<Word> words) {
      List<Segment> segments = new ArrayList<>();
      int i = 0;
      while (i < words.size()) {
        int n = Math.min(words.size() - i, 1 + random.nextInt(8));
        List<Word> part = words.subList(i, i + n);
        segments.add(Segment.of(TimedWords.join(part), part.get(0).startMs(), part.get(n - 1).endMs(), part));
        i += n;
      }
      return segments;
    }

    private String token(String prefix) {
      StringBuilder text = new StringBuilder(prefix);
      for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      return text.toString();
    }

    private String punctuation() {
      int p = random.nextInt(100);
      return p < 12 ? "." : p < 20 ? "," : p < 22 ? "?" : "";
    }

    private String respell(String text) {
      String out = text;
      if (random.nextInt(10) == 0) {
        out = Character.toUpperCase(out.charAt(0)) + out.substring(1);
      }
      if (random.nextInt(10) == 0) {
        out = TimedWords.endsSentence(out) || out.endsWith(",") ? out.substring(0, out.length() - 1) : out + ",";
      }
      return out;
    }
  }
}
