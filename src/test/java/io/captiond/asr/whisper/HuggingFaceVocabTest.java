package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hugging Face vocabularies, written here from Whisper's multilingual ranks the way converters
 * do (token strings in GPT-2's byte alphabet, each merge the last two parts of a byte-pair merge
 * of the token), load into a tokenizer that encodes like the rank file.
 */
class HuggingFaceVocabTest {

  static WhisperTokenizer fromRanks;
  static JsonObject vocab;
  static List<String> merges;

  @BeforeAll
  static void convert() throws IOException {
    Map<byte[], Integer> ranks = WhisperTokenizer.readRanks(Fixtures.file("whisper/multilingual.tiktoken"));
    fromRanks = WhisperTokenizer.fromRankFile(Fixtures.file("whisper/multilingual.tiktoken"), 51865);
    char[] charOf = new char[256];
    int[] byteOf = HuggingFaceVocab.unicodeToByte();
    for (int c = 0; c < byteOf.length; c++) {
      if (byteOf[c] >= 0) {
        charOf[byteOf[c]] = (char) c;
      }
    }
    byte[][] byRank = new byte[ranks.size()][];
    ranks.forEach((bytes, rank) -> byRank[rank] = bytes);
    Map<ByteBuffer, Integer> lookup = new HashMap<>();
    ranks.forEach((bytes, rank) -> lookup.put(ByteBuffer.wrap(bytes), rank));
    vocab = new JsonObject();
    merges = new ArrayList<>();
    for (int rank = 0; rank < byRank.length; rank++) {
      byte[] token = byRank[rank];
      if (token.length == 0) {
        continue;
      }
      vocab.put(text(token, charOf), rank);
      if (token.length > 1) {
        List<byte[]> parts = mergeBelow(token, rank, lookup);
        if (parts.size() == 2) {
          merges.add(text(parts.get(0), charOf) + " " + text(parts.get(1), charOf));
        }
      }
    }
  }

  static String text(byte[] bytes, char[] charOf) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(charOf[b & 0xff]);
    }
    return out.toString();
  }

  /** Byte-pair merge of {@code token} using only ranks below {@code limit}. */
  static List<byte[]> mergeBelow(byte[] token, int limit, Map<ByteBuffer, Integer> ranks) {
    List<byte[]> parts = new ArrayList<>();
    for (byte b : token) {
      parts.add(new byte[] {b});
    }
    while (parts.size() > 2) {
      int best = -1;
      int bestRank = limit;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer r = ranks.get(ByteBuffer.wrap(WhisperTokenizerTest.concat(parts.get(i), parts.get(i + 1))));
        if (r != null && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      parts.set(best, WhisperTokenizerTest.concat(parts.get(best), parts.remove(best + 1)));
    }
    return parts;
  }

  static void assertEncodesLikeTheRankFile(WhisperTokenizer hf) {
    for (String text : WhisperTokenizerTest.TEXTS) {
      assertArrayEquals(fromRanks.encode(text), hf.encode(text), text);
      assertEquals(text, hf.decode(hf.encode(text)));
    }
    assertEquals(fromRanks.eot(), hf.eot());
    assertEquals(fromRanks.timestampBegin(), hf.timestampBegin());
    assertArrayEquals(fromRanks.nonSpeechTokens(), hf.nonSpeechTokens());
  }

  @Test
  void readsVocabJsonAndMergesTxt(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("vocab.json"), vocab.copy().put("<|endoftext|>", 50257).encode());
    Files.write(dir.resolve("merges.txt"), prepend("#version: 0.2", merges));
    assertEncodesLikeTheRankFile(WhisperTokenizer.fromHuggingFace(dir, 51865, true));
  }

  @Test
  void readsTokenizerJson(@TempDir Path dir) throws IOException {
    JsonObject json = new JsonObject()
        .put("added_tokens", new JsonArray().add(new JsonObject().put("id", 50257).put("content", "<|endoftext|>")))
        .put("model", new JsonObject().put("type", "BPE").put("vocab", vocab).put("merges", new JsonArray(merges)));
    Files.writeString(dir.resolve("tokenizer.json"), json.encode());
    assertEncodesLikeTheRankFile(WhisperTokenizer.fromHuggingFace(dir, 51865, true));
  }

  @Test
  void rejectsMergesOutOfIdOrder(@TempDir Path dir) throws IOException {
    List<String> swapped = new ArrayList<>(merges);
    java.util.Collections.swap(swapped, 10, 20);
    Files.writeString(dir.resolve("vocab.json"), vocab.copy().put("<|endoftext|>", 50257).encode());
    Files.write(dir.resolve("merges.txt"), swapped);
    IOException e = assertThrows(IOException.class, () -> WhisperTokenizer.fromHuggingFace(dir, 51865, true));
    assertTrue(e.getMessage().contains("merge 12"), e.getMessage());
  }

  @Test
  void namesWhatIsMissing(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class, () -> WhisperTokenizer.fromHuggingFace(dir, 51865, true));
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }

  static List<String> prepend(String first, List<String> rest) {
    List<String> out = new ArrayList<>(List.of(first));
    out.addAll(rest);
    return out;
  }
}
