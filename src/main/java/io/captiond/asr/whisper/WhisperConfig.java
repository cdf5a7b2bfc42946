package io.captiond.asr.whisper;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What captiond needs from a Hugging Face Whisper folder's {@code config.json} and
 * {@code generation_config.json} (the latter wins where both give a field).
 *
 * @param suppressTokens tokens never sampled (Whisper's {@code suppress_tokens="-1"} expanded)
 * @param beginSuppressTokens tokens not sampled first ({@code [220, eot]}: blank and end of text)
 * @param maxInitialTimestampIndex the first timestamp may be at most this many 20 ms steps
 */
public record WhisperConfig(
    int vocabSize,
    int numMelBins,
    int dModel,
    int decoderLayers,
    int decoderAttentionHeads,
    int maxSourcePositions,
    int maxTargetPositions,
    int eosTokenId,
    int decoderStartTokenId,
    int[] suppressTokens,
    int[] beginSuppressTokens,
    boolean multilingual,
    Map<String, Integer> langToId,
    int noTimestampsTokenId,
    int maxInitialTimestampIndex) {

  public WhisperConfig {
    langToId = Map.copyOf(langToId);
    suppressTokens = suppressTokens.clone();
    beginSuppressTokens = beginSuppressTokens.clone();
  }

  public int headDim() {
    return dModel / decoderAttentionHeads;
  }

  /**
   * Reads both files from {@code dir}; {@code generation_config.json} may be absent.
   *
   * @throws IOException naming the file and the field that is missing or malformed
   */
  public static WhisperConfig read(Path dir) throws IOException {
    JsonObject config = readJson(dir.resolve("config.json"), true);
    JsonObject generation = readJson(dir.resolve("generation_config.json"), false);
    JsonObject merged = config.copy().mergeIn(generation);
    String source = dir.resolve("config.json") + (generation.isEmpty() ? "" : " + generation_config.json");
    Map<String, Integer> langToId = new HashMap<>();
    JsonObject langs = merged.getJsonObject("lang_to_id", new JsonObject());
    for (String key : langs.fieldNames()) {
      // "<|en|>" -> "en"
      langToId.put(key.replace("<|", "").replace("|>", ""), langs.getInteger(key));
    }
    int vocab = required(merged, "vocab_size", source);
    return new WhisperConfig(
        vocab,
        required(merged, "num_mel_bins", source),
        required(merged, "d_model", source),
        required(merged, "decoder_layers", source),
        required(merged, "decoder_attention_heads", source),
        merged.getInteger("max_source_positions", 1500),
        merged.getInteger("max_target_positions", 448),
        required(merged, "eos_token_id", source),
        required(merged, "decoder_start_token_id", source),
        ints(merged.getJsonArray("suppress_tokens", new JsonArray())),
        ints(merged.getJsonArray("begin_suppress_tokens", new JsonArray())),
        merged.getBoolean("is_multilingual", vocab >= 51865),
        langToId,
        merged.getInteger("no_timestamps_token_id", -1),
        merged.getInteger("max_initial_timestamp_index", 50));
  }

  private static JsonObject readJson(Path file, boolean mustExist) throws IOException {
    if (!Files.isRegularFile(file)) {
      if (mustExist) {
        throw new IOException(file + " not found");
      }
      return new JsonObject();
    }
    try {
      return new JsonObject(Files.readString(file));
    } catch (DecodeException e) {
      throw new IOException(file + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  private static int required(JsonObject json, String field, String source) throws IOException {
    Object value = json.getValue(field);
    if (!(value instanceof Number number)) {
      throw new IOException(source + ": field '" + field + "' must be a number, was " + value);
    }
    return number.intValue();
  }

  private static int[] ints(JsonArray array) {
    return array.stream().filter(Number.class::isInstance).mapToInt(v -> ((Number) v).intValue()).toArray();
  }
}
