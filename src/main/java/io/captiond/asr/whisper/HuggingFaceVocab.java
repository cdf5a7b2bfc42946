package io.captiond.asr.whisper;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face byte-level BPE vocabulary ({@code tokenizer.json}, or {@code vocab.json} +
 * {@code merges.txt}) into tiktoken ranks: a token's rank is its id. That is the same BPE only if
 * the merges come in id order, which holds for GPT-2-style vocabularies (Whisper's included) and
 * is checked here.
 */
final class HuggingFaceVocab {

  private HuggingFaceVocab() {}

  /** Ranks of the ordinary tokens, ids {@code 0 .. <|endoftext|> - 1}; ids absent from the vocabulary get empty bytes. */
  static Map<byte[], Integer> readRanks(Path dir) throws IOException {
    Map<String, Integer> vocab = new HashMap<>();
    List<String> merges = new ArrayList<>();
    Path tokenizerJson = dir.resolve("tokenizer.json");
    Path source;
    if (Files.isRegularFile(tokenizerJson)) {
      source = tokenizerJson;
      JsonObject json = readJson(tokenizerJson);
      JsonObject model = json.getJsonObject("model", new JsonObject());
      if (!"BPE".equals(model.getString("type", "BPE"))) {
        throw new IOException(tokenizerJson + ": model.type is " + model.getString("type") + ", want BPE");
      }
      model.getJsonObject("vocab", new JsonObject()).forEach(e -> vocab.put(e.getKey(), ((Number) e.getValue()).intValue()));
      for (Object merge : model.getJsonArray("merges", new JsonArray())) {
        merges.add(merge instanceof JsonArray pair ? pair.getString(0) + " " + pair.getString(1) : (String) merge);
      }
      for (Object added : json.getJsonArray("added_tokens", new JsonArray())) {
        JsonObject token = (JsonObject) added;
        vocab.put(token.getString("content"), token.getInteger("id"));
      }
    } else {
      Path vocabJson = dir.resolve("vocab.json");
      Path mergesTxt = dir.resolve("merges.txt");
      if (!Files.isRegularFile(vocabJson) || !Files.isRegularFile(mergesTxt)) {
        throw new IOException(dir + " has neither tokenizer.json nor vocab.json + merges.txt");
      }
      source = vocabJson;
      readJson(vocabJson).forEach(e -> vocab.put(e.getKey(), ((Number) e.getValue()).intValue()));
      for (String line : Files.readAllLines(mergesTxt, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#version")) {
          merges.add(line);
        }
      }
      Path added = dir.resolve("added_tokens.json");
      if (Files.isRegularFile(added)) {
        readJson(added).forEach(e -> vocab.put(e.getKey(), ((Number) e.getValue()).intValue()));
      }
    }
    Integer eot = vocab.get("<|endoftext|>");
    if (eot == null) {
      throw new IOException(source + ": no <|endoftext|> token");
    }
    checkMergeOrder(merges, vocab, source);
    int[] byteOf = unicodeToByte();
    byte[][] byId = new byte[eot][];
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      int id = e.getValue();
      if (id < eot) {
        byId[id] = toBytes(e.getKey(), byteOf, source);
      }
    }
    Map<byte[], Integer> ranks = new HashMap<>();
    for (int id = 0; id < eot; id++) {
      ranks.put(byId[id] == null ? new byte[0] : byId[id], id);
    }
    return ranks;
  }

  /** tiktoken merges by rank = id; Hugging Face by merge order. Equal only if ids rise with merge order. */
  private static void checkMergeOrder(List<String> merges, Map<String, Integer> vocab, Path source) throws IOException {
    int previous = -1;
    for (int i = 0; i < merges.size(); i++) {
      String[] pair = merges.get(i).split(" ");
      Integer id = pair.length == 2 ? vocab.get(pair[0] + pair[1]) : null;
      if (id == null || id <= previous) {
        throw new IOException(source + ": merge " + (i + 1) + " '" + merges.get(i) + "' gives token id " + id
            + " after " + previous + "; only vocabularies whose ids follow merge order are supported");
      }
      previous = id;
    }
  }

  private static byte[] toBytes(String token, int[] byteOf, Path source) throws IOException {
    byte[] out = new byte[token.length()];
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= byteOf.length || byteOf[c] < 0) {
        throw new IOException(source + ": token '" + token + "' has character U+" + Integer.toHexString(c)
            + " outside GPT-2's byte alphabet");
      }
      out[i] = (byte) byteOf[c];
    }
    return out;
  }

  /** Inverse of GPT-2's {@code bytes_to_unicode}: printable bytes stand for themselves, the rest map to U+0100 on. */
  static int[] unicodeToByte() {
    int[] byteOf = new int[512];
    java.util.Arrays.fill(byteOf, -1);
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      byteOf[printable ? b : next++] = b;
    }
    return byteOf;
  }

  private static JsonObject readJson(Path file) throws IOException {
    try {
      return new JsonObject(Files.readString(file));
    } catch (DecodeException e) {
      throw new IOException(file + " is not a JSON object: " + e.getMessage(), e);
    }
  }
}
