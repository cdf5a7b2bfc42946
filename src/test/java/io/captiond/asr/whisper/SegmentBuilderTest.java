package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.asr.Segment;
import io.captiond.asr.Word;
import io.captiond.testing.Fixtures;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SegmentBuilderTest {

  static WhisperTokenizer tok;
  static int ts;

  @BeforeAll
  static void load() throws Exception {
    tok = WhisperTokenizer.fromRankFile(Fixtures.file("whisper/multilingual.tiktoken"), 51865);
    ts = tok.timestampBegin();
  }

  static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(IntStream::of).toArray();
  }

  static List<Segment> build(int[] tokens, long windowStartMs, long windowMs) {
    return SegmentBuilder.build(tok, tokens, new double[tokens.length], windowStartMs, windowMs, 0.01, -0.2);
  }

  @Test
  void timestampPairsMakeSegmentsInStreamTime() {
    int[] tokens = concat(new int[] {ts}, tok.encode(" Hello world"), new int[] {ts + 50, ts + 50},
        tok.encode(" again"), new int[] {ts + 125});
    List<Segment> segments = build(tokens, 10_000, 5_000);
    assertEquals(2, segments.size());
    assertEquals(" Hello world", segments.get(0).text());
    assertEquals(10_000, segments.get(0).startMs());
    assertEquals(11_000, segments.get(0).endMs());
    assertEquals(" again", segments.get(1).text());
    assertEquals(11_000, segments.get(1).startMs());
    assertEquals(12_500, segments.get(1).endMs());
  }

  @Test
  void wordsShareTheSegmentByLength() {
    int[] tokens = concat(new int[] {ts}, tok.encode(" ab abcdef"), new int[] {ts + 100});
    List<Word> words = build(tokens, 0, 30_000).get(0).words();
    assertEquals(List.of(new Word("ab", 0, 500, 1.0), new Word("abcdef", 500, 2000, 1.0)), words);
  }

  @Test
  void openTextRunsToTheEndOfTheWindow() {
    int[] tokens = concat(new int[] {ts + 10}, tok.encode(" unfinished"));
    List<Segment> segments = build(tokens, 0, 3_000);
    assertEquals(1, segments.size());
    assertEquals(200, segments.get(0).startMs());
    assertEquals(3_000, segments.get(0).endMs());
  }

  @Test
  void timesNeverPassTheWindow() {
    int[] tokens = concat(new int[] {ts}, tok.encode(" late"), new int[] {ts + 1000});
    Segment segment = build(tokens, 0, 4_000).get(0);
    assertEquals(4_000, segment.endMs());
  }

  @Test
  void keepsCharactersSplitAcrossTokens() {
    int[] tokens = concat(new int[] {ts}, tok.encode(" 🦜 parrot"), new int[] {ts + 50});
    Segment segment = build(tokens, 0, 30_000).get(0);
    assertEquals(" 🦜 parrot", segment.text());
    assertEquals(List.of("🦜", "parrot"), segment.words().stream().map(Word::text).toList());
  }
}
