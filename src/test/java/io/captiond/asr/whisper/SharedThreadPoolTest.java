package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.onnx.OnnxEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whisper's sessions on ONNX Runtime's shared intra-op pool ({@link OnnxEnvironment}, the default):
 * they compute what sessions with pools of their own compute, and start no threads, where pools of
 * their own start one worker per session and thread past the first.
 */
class SharedThreadPoolTest {

  static Path model;

  @BeforeAll
  static void generate() throws Exception {
    model = SyntheticWhisper.ensure("micro").resolve("model");
  }

  @Test
  void aModelOnTheSharedPoolDecodesWhatOneWithPoolsOfItsOwnDecodes() throws Exception {
    int threads = OnnxEnvironment.sharedThreads();
    try (WhisperModel shared = WhisperModel.load(model, 0);
        WhisperModel own = ModelFolder.load(model, threads, "", WhisperSettings.Device.CPU, ModelFolder.Pool.OWN)) {
      LogMelSpectrogram.Features features = VariantAgreement.features(own, model.resolveSibling("audio").resolve("jfk.wav"));
      float[] encodedOwn = own.encode(features);
      float[] encodedShared = shared.encode(features);
      assertArrayEquals(encodedOwn, encodedShared, 1e-5f, "encoder output");
      int[] prompt = own.tokenizer().sotSequence("en", false);
      GreedyDecoder.Result want = new GreedyDecoder(own).decode(encodedOwn, prompt, 48);
      GreedyDecoder.Result got = new GreedyDecoder(shared).decode(encodedShared, prompt, 48);
      assertArrayEquals(want.tokens(), got.tokens(), "tokens");
      assertArrayEquals(want.tokenLogProbabilities(), got.tokenLogProbabilities(), 1e-5, "log-probabilities");
    }
  }

  @Test
  void aModelOnTheSharedPoolStartsNoThreads() throws Exception {
    int threads = OnnxEnvironment.sharedThreads();
    assumeTrue(threads > 1, "one CPU: no pool has workers");
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "counts threads in /proc (Linux)");
    OnnxEnvironment.get(); // the shared pool's own workers exist before the count
    // ONNX Runtime's workers are native threads named after the thread that made them: this one
    int before = threadsNamedAsThisOne();
    try (WhisperModel shared = WhisperModel.load(model, 0)) {
      assertEquals(before, threadsNamedAsThisOne(), "threads started by a model on the shared pool");
    }
    try (WhisperModel own = ModelFolder.load(model, threads, "", WhisperSettings.Device.CPU, ModelFolder.Pool.OWN)) {
      int sessions = 3; // encoder, prompt decoder, step decoder
      assertEquals(before + sessions * (threads - 1), threadsNamedAsThisOne(),
          "threads started by a model with a pool per session (the count this test relies on)");
    }
  }

  private static int threadsNamedAsThisOne() throws IOException {
    String name = Files.readString(Path.of("/proc/thread-self/comm"));
    int count = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          count += Files.readString(task.resolve("comm")).equals(name) ? 1 : 0;
        } catch (IOException ended) {
          // a thread that ended meanwhile
        }
      }
    }
    return count;
  }
}
