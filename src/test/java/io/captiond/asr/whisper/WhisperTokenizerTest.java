package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.captiond.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperTokenizerTest {

  static final List<String> TEXTS = List.of(
      " And so my fellow Americans, ask not what your country can do for you.",
      "Hello, world! It's 3:45pm -- isn't it? (Yes.) [DAVID] ♪♪♪ 'quoted' \"double\"",
      "Numbers 1234567890, 3.14159, 1e-10, $1,000,000 and 50% off.",
      "  leading and trailing spaces   \n\tnew lines\r\n and tabs\t",
      "我们今天去北京大学看看。你好，世界！",
      "Съешь же ещё этих мягких французских булок, да выпей чаю.",
      "مرحبا بالعالم، كيف حالك اليوم؟",
      "emoji 😀👍🏽 👨‍👩‍👧‍👦 🇯🇵 and combining é vs é",
      "日本語のテキストとカタカナ、ひらがな。한국어 텍스트도 있습니다.",
      "<|endoftext|> is just text here, as is <|0.00|>");

  static WhisperTokenizer multilingual;
  static WhisperTokenizer english;
  static WhisperTokenizer largeV3;

  @BeforeAll
  static void load() throws IOException {
    Path dir = Fixtures.whisperRankDir();
    multilingual = WhisperTokenizer.fromRankDir(dir, WhisperTokenizer.RankFile.MULTILINGUAL, 51865);
    english = WhisperTokenizer.fromRankDir(dir, WhisperTokenizer.RankFile.GPT2, 51864);
    largeV3 = WhisperTokenizer.fromRankDir(dir, WhisperTokenizer.RankFile.MULTILINGUAL, 51866);
  }

  @Test
  void multilingualSpecialTokensHaveWhisperIds() {
    assertEquals(99, multilingual.numLanguages());
    assertEquals(50257, multilingual.eot());
    assertEquals(50258, multilingual.sot());
    assertEquals(Optional.of(50259), multilingual.languageToken("en"));
    assertEquals(Optional.of(50260), multilingual.languageToken("zh"));
    assertEquals(Optional.of(50357), multilingual.languageToken("su"));
    assertEquals(Optional.empty(), multilingual.languageToken("yue"));
    assertEquals(50358, multilingual.translate());
    assertEquals(50359, multilingual.transcribe());
    assertEquals(50360, multilingual.sotLm());
    assertEquals(50361, multilingual.sotPrev());
    assertEquals(50362, multilingual.noSpeech());
    assertEquals(50363, multilingual.noTimestamps());
    assertEquals(50364, multilingual.timestampBegin());
    assertEquals(Optional.of(51864), multilingual.specialToken("<|30.00|>"));
    assertEquals(Optional.of(50365), multilingual.specialToken("<|0.02|>"));
    assertEquals(51865, multilingual.vocabSize());
    assertArrayEquals(new int[] {50258, 50259, 50359}, multilingual.sotSequence("en", false));
    assertArrayEquals(new int[] {50258, 50262, 50358}, multilingual.sotSequence("es", true));
  }

  @Test
  void largeV3AddsCantoneseAndShiftsTheRest() {
    assertEquals(100, largeV3.numLanguages());
    assertEquals(50257, largeV3.eot());
    assertEquals(Optional.of(50358), largeV3.languageToken("yue"));
    assertEquals(50359, largeV3.translate());
    assertEquals(50360, largeV3.transcribe());
    assertEquals(50362, largeV3.sotPrev());
    assertEquals(50363, largeV3.noSpeech());
    assertEquals(50364, largeV3.noTimestamps());
    assertEquals(50365, largeV3.timestampBegin());
  }

  @Test
  void englishOnlySpecialTokensHaveWhisperIds() {
    assertFalse(english.isMultilingual());
    assertEquals(50256, english.eot());
    assertEquals(50257, english.sot());
    assertEquals(Optional.of(50258), english.languageToken("en"));
    assertEquals(50357, english.translate());
    assertEquals(50358, english.transcribe());
    assertEquals(50360, english.sotPrev());
    assertEquals(50361, english.noSpeech());
    assertEquals(50362, english.noTimestamps());
    assertEquals(50363, english.timestampBegin());
    assertArrayEquals(new int[] {50257}, english.sotSequence("en", false));
  }

  @Test
  void roundTripsVariedTextWithBothRankFiles() {
    for (WhisperTokenizer tokenizer : List.of(multilingual, english)) {
      for (String text : TEXTS) {
        int[] tokens = tokenizer.encode(text);
        assertTrue(Arrays.stream(tokens).allMatch(t -> t < tokenizer.eot()), "ordinary tokens only: " + text);
        assertEquals(text, tokenizer.decode(tokens));
      }
    }
  }

  @Test
  void gpt2RanksEncodeLikeJtokkitsOwnR50kBase() {
    var r50k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    for (String text : TEXTS) {
      assertArrayEquals(r50k.encodeOrdinary(text).toArray(), english.encode(text), text);
    }
    assertArrayEquals(new int[] {15496, 11, 995, 0}, english.encode("Hello, world!"));
  }

  @Test
  void multilingualEncodesLikeANaiveBytePairMerge() throws IOException {
    Map<ByteBuffer, Integer> ranks = new HashMap<>();
    WhisperTokenizer.readRanks(Fixtures.file("whisper/multilingual.tiktoken"))
        .forEach((bytes, rank) -> ranks.put(ByteBuffer.wrap(bytes), rank));
    for (String text : TEXTS) {
      assertArrayEquals(naiveEncode(text, ranks), multilingual.encode(text), text);
    }
  }

  /** tiktoken's algorithm written plainly: split, then merge the lowest-ranked adjacent pair until none. */
  static int[] naiveEncode(String text, Map<ByteBuffer, Integer> ranks) {
    List<Integer> out = new ArrayList<>();
    Matcher m = WhisperTokenizer.SPLIT.matcher(text);
    while (m.find()) {
      byte[] piece = m.group().getBytes(StandardCharsets.UTF_8);
      List<byte[]> parts = new ArrayList<>();
      for (byte b : piece) {
        parts.add(new byte[] {b});
      }
      while (parts.size() > 1) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i + 1 < parts.size(); i++) {
          Integer rank = ranks.get(ByteBuffer.wrap(concat(parts.get(i), parts.get(i + 1))));
          if (rank != null && rank < bestRank) {
            bestRank = rank;
            best = i;
          }
        }
        if (best < 0) {
          break;
        }
        parts.set(best, concat(parts.get(best), parts.remove(best + 1)));
      }
      parts.forEach(p -> out.add(ranks.get(ByteBuffer.wrap(p))));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void decodesACharacterSplitAcrossTokens() {
    // the parrot emoji is four UTF-8 bytes that the multilingual ranks spread over several tokens
    int[] tokens = multilingual.encode("\uD83E\uDD9C");
    assertTrue(tokens.length > 1, "expected a split character, got " + Arrays.toString(tokens));
    assertEquals("\uD83E\uDD9C", multilingual.decode(tokens));
    assertEquals("\uFFFD", multilingual.decode(Arrays.copyOf(tokens, 1)).substring(0, 1));
  }

  @Test
  void decodeDropsTimestampsButKeepsOtherSpecials() {
    int[] text = multilingual.encode(" Hello");
    int[] tokens = IntStream.concat(IntStream.of(multilingual.sot(), multilingual.timestampBegin()),
        IntStream.concat(Arrays.stream(text), IntStream.of(multilingual.timestampBegin() + 54))).toArray();
    assertEquals("<|startoftranscript|> Hello", multilingual.decode(tokens));
    assertEquals("<|startoftranscript|><|0.00|> Hello<|1.08|>", multilingual.decodeWithTimestamps(tokens));
    assertEquals(1080, multilingual.timestampMillis(multilingual.timestampBegin() + 54));
  }

  /** The lists Whisper's decoding.py suppresses ({@code suppress_tokens=[-1]}), as published in Hugging Face configs. */
  @Test
  void nonSpeechTokensMatchWhisper() {
    assertArrayEquals(new int[] {1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63,
        90, 91, 92, 93, 359, 503, 522, 542, 873, 893, 902, 918, 922, 931, 1350, 1853, 1982, 2460, 2627,
        3246, 3253, 3268, 3536, 3846, 3961, 4183, 4667, 6585, 6647, 7273, 9061, 9383, 10428, 10929, 11938,
        12033, 12331, 12562, 13793, 14157, 14635, 15265, 15618, 16553, 16604, 18362, 18956, 20075, 21675,
        22520, 26130, 26161, 26435, 28279, 29464, 31650, 32302, 32470, 36865, 42863, 47425, 49870, 50254},
        multilingual.nonSpeechTokens());
    assertArrayEquals(new int[] {1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63,
        90, 91, 92, 93, 357, 366, 438, 532, 685, 705, 796, 930, 1058, 1220, 1267, 1279, 1303, 1343, 1377,
        1391, 1635, 1782, 1875, 2162, 2361, 2488, 3467, 4008, 4211, 4600, 4808, 5299, 5855, 6329, 7203,
        9609, 9959, 10563, 10786, 11420, 11709, 11907, 13163, 13697, 13700, 14808, 15306, 16410, 16791,
        17992, 19203, 19510, 20724, 22305, 22935, 27007, 30109, 30420, 33409, 34949, 40283, 40493, 40549,
        47282, 49146}, english.nonSpeechTokens());
  }

  @Test
  void rejectsAVocabularySizeThatFitsNoLanguageCount(@TempDir Path dir) throws IOException {
    Path ranks = Fixtures.file("whisper/gpt2.tiktoken");
    IOException e = assertThrows(IOException.class, () -> WhisperTokenizer.fromRankFile(ranks, 50000));
    assertTrue(e.getMessage().contains("50000"), e.getMessage());
    Path broken = dir.resolve("broken.tiktoken");
    Files.writeString(broken, "IQ== 0\nnot-base64!! x\n");
    IOException bad = assertThrows(IOException.class, () -> WhisperTokenizer.fromRankFile(broken, 51864));
    assertTrue(bad.getMessage().contains("line 2"), bad.getMessage());
  }
}
