package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperModelTest {

  static Path model;

  @BeforeAll
  static void generate() throws Exception {
    model = SyntheticWhisper.ensure("micro").resolve("model");
  }

  /** A copy of the micro model folder made of links, with {@code config.json} editable. */
  static Path linkedCopy(Path target) throws IOException {
    for (String name : List.of(WhisperModel.ENCODER_FILE, WhisperModel.DECODER_FILE,
        WhisperModel.DECODER_WITH_PAST_FILE, "generation_config.json", "multilingual.tiktoken")) {
      Files.createSymbolicLink(target.resolve(name), model.resolve(name).toAbsolutePath());
    }
    Files.copy(model.resolve("config.json"), target.resolve("config.json"));
    return target;
  }

  @Test
  void loadsTheSyntheticModelAndReadsItsConfig() throws Exception {
    try (WhisperModel loaded = WhisperModel.load(model, 1)) {
      WhisperConfig config = loaded.config();
      assertEquals(51865, config.vocabSize());
      assertEquals(80, config.numMelBins());
      assertEquals(64, config.dModel());
      assertEquals(2, config.decoderLayers());
      assertEquals(50258, config.decoderStartTokenId());
      assertEquals(50259, config.langToId().get("en"));
      assertEquals(50363, config.noTimestampsTokenId());
      assertEquals(50364, loaded.tokenizer().timestampBegin());
    }
  }

  @Test
  void namesTheMissingFile(@TempDir Path dir) throws Exception {
    Path copy = linkedCopy(dir);
    Files.delete(copy.resolve(WhisperModel.DECODER_WITH_PAST_FILE));
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(copy, 1));
    assertTrue(e.getMessage().contains("lacks decoder_with_past_model.onnx"), e.getMessage());
  }

  @Test
  void findsOnnxFilesInAnOnnxSubfolder(@TempDir Path dir) throws Exception {
    Path onnx = Files.createDirectory(dir.resolve("onnx"));
    for (String name : List.of(WhisperModel.ENCODER_FILE, WhisperModel.DECODER_FILE, WhisperModel.DECODER_WITH_PAST_FILE)) {
      Files.createSymbolicLink(onnx.resolve(name), model.resolve(name).toAbsolutePath());
    }
    for (String name : List.of("config.json", "generation_config.json", "multilingual.tiktoken")) {
      Files.createSymbolicLink(dir.resolve(name), model.resolve(name).toAbsolutePath());
    }
    try (WhisperModel loaded = WhisperModel.load(dir, 1)) {
      assertEquals(64, loaded.config().dModel());
    }
  }

  @Test
  void loadsAVariantBySuffix(@TempDir Path dir) throws Exception {
    for (String name : List.of(WhisperModel.ENCODER_FILE, WhisperModel.DECODER_FILE, WhisperModel.DECODER_WITH_PAST_FILE)) {
      Files.createSymbolicLink(dir.resolve(name.replace(".onnx", "_int8.onnx")), model.resolve(name).toAbsolutePath());
    }
    for (String name : List.of("config.json", "generation_config.json", "multilingual.tiktoken")) {
      Files.createSymbolicLink(dir.resolve(name), model.resolve(name).toAbsolutePath());
    }
    try (WhisperModel loaded = WhisperModel.load(dir, 1, "_int8")) {
      assertEquals(2, loaded.config().decoderLayers());
    }
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(dir, 1));
    assertTrue(e.getMessage().contains("lacks encoder_model.onnx"), e.getMessage());
  }

  @Test
  void loadsTheMergedDecoderLayoutAndDecodesLikeTheSplitOne(@TempDir Path dir) throws Exception {
    Path merged = SyntheticWhisper.mergedLayout("micro", dir);
    JsonObject reference = SyntheticWhisper.reference(model.getParent()).getJsonObject("decodes");
    try (WhisperModel split = WhisperModel.load(model, 1); WhisperModel loaded = WhisperModel.load(merged, 1)) {
      assertTrue(loaded.merged() && !split.merged());
      LogMelSpectrogram mel = new LogMelSpectrogram(80);
      WhisperTokenizer tok = loaded.tokenizer();
      int[] prompt = tok.sotSequence("en", false);
      float[][] audio = new float[2][];
      int[][] prompts = {prompt, prompt};
      int at = 0;
      for (String input : List.of("jfk", "jfk_4s")) {
        short[] samples = io.captiond.testing.WavFile.read16kMono(model.getParent().resolve("audio/" + input + ".wav"));
        audio[at] = loaded.encode(mel.chunk(new io.captiond.asr.AudioWindow(0, samples).floatSamples()));
        int[] expected = reference.getJsonObject(input).getJsonArray("tokens").stream()
            .mapToInt(v -> ((Number) v).intValue()).toArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
            new GreedyDecoder(loaded).decode(audio[at], prompt, WhisperEngine.SAMPLE_LEN).tokens(), input);
        at++;
      }
      GreedyDecoder.Result[] batched = new GreedyDecoder(loaded).decodeBatch(audio, prompts, WhisperEngine.SAMPLE_LEN);
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          new GreedyDecoder(split).decode(audio[1], prompt, WhisperEngine.SAMPLE_LEN).tokens(), batched[1].tokens());
    }
  }

  @Test
  void cudaFallsBackToTheCpuWhereOnnxRuntimeHasNoCuda() throws Exception {
    boolean cudaBuild = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
    for (WhisperSettings.Device device : List.of(WhisperSettings.Device.CUDA, WhisperSettings.Device.AUTO)) {
      try (WhisperModel loaded = WhisperModel.load(model, 1, "", device)) {
        if (!cudaBuild) {
          assertEquals("CPU", loaded.device(), "no CUDA provider in this build: the CPU runs it");
        }
        assertTrue(List.of("CPU", "CUDA").contains(loaded.device()));
      }
    }
  }

  @Test
  void namesTheMissingRankFile(@TempDir Path dir) throws Exception {
    Path copy = linkedCopy(dir);
    Files.delete(copy.resolve("multilingual.tiktoken"));
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(copy, 1));
    assertTrue(e.getMessage().contains("multilingual.tiktoken"), e.getMessage());
  }

  @Test
  void rejectsAConfigThatDisagreesWithTheGraphs(@TempDir Path dir) throws Exception {
    Path copy = linkedCopy(dir);
    JsonObject config = new JsonObject(Files.readString(copy.resolve("config.json")));
    Files.writeString(copy.resolve("config.json"), config.put("num_mel_bins", 128).encode());
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(copy, 1));
    assertTrue(e.getMessage().contains("encoder_model.onnx") && e.getMessage().contains("input_features"), e.getMessage());

    Files.writeString(copy.resolve("config.json"), config.put("num_mel_bins", 80).put("decoder_attention_heads", 4).encode());
    e = assertThrows(AsrException.class, () -> WhisperModel.load(copy, 1));
    assertTrue(e.getMessage().contains("decoder_model.onnx") && e.getMessage().contains("present.0"), e.getMessage());
  }

  @Test
  void rejectsAConfigWithoutRequiredFields(@TempDir Path dir) throws Exception {
    Path copy = linkedCopy(dir);
    JsonObject config = new JsonObject(Files.readString(copy.resolve("config.json")));
    config.remove("d_model");
    Files.writeString(copy.resolve("config.json"), config.encode());
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(copy, 1));
    assertTrue(e.getMessage().contains("'d_model'"), e.getMessage());
  }
}
