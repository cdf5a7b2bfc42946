package io.captiond.asr.whisper;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CUDA against CPU on one model folder (run by {@code load-tests/gpu-check.sh}; not a test): for
 * each batch size, windows cut from a WAV at different offsets and lengths, with prompts of
 * different lengths, are decoded greedily in one batch on each device; prints how many sequences
 * agree token for token and the share of tokens that agree before the first difference. Exit code
 * 2 when the CUDA model fell back to the CPU, 1 when fewer than {@code minAgreement} of the
 * sequences agree.
 *
 * <pre>java -cp ... io.captiond.asr.whisper.WhisperDeviceCheck MODEL_DIR WAV 1,4,16,32 [MIN_AGREEMENT 0.9]</pre>
 */
public final class WhisperDeviceCheck {

  private WhisperDeviceCheck() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    short[] wav = WavFile.read16kMono(Path.of(args[1]));
    int[] batches = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    double minAgreement = args.length > 3 ? Double.parseDouble(args[3]) : 0.9;
    try (WhisperModel cpu = WhisperModel.load(dir, 0, "", WhisperSettings.Device.CPU);
        WhisperModel cuda = WhisperModel.load(dir, 0, "", WhisperSettings.Device.CUDA)) {
      System.out.println("CPU model on " + cpu.device() + ", CUDA model on " + cuda.device());
      if (!cuda.device().equals("CUDA")) {
        System.out.println("CUDA is not usable here (see the warning above): nothing to compare");
        System.exit(2);
      }
      LogMelSpectrogram mel = new LogMelSpectrogram(cpu.config().numMelBins());
      WhisperTokenizer tok = cpu.tokenizer();
      String[] prompts = {"", "and so my fellow", "", "ask not what your country can do for you"};
      int totalSequences = 0;
      int agreeing = 0;
      for (int size : batches) {
        List<LogMelSpectrogram.Features> features = new ArrayList<>();
        int[][] promptTokens = new int[size][];
        for (int i = 0; i < size; i++) {
          int from = (i * 7_919) % Math.max(1, wav.length / 2);
          int length = Math.min(wav.length - from, 16_000 * (2 + i % 9));
          features.add(mel.chunk(new AudioWindow(0, Arrays.copyOfRange(wav, from, from + length)).floatSamples()));
          promptTokens[i] = WhisperEngine.prompt(tok, prompts[i % prompts.length], "en");
        }
        long began = System.nanoTime();
        GreedyDecoder.Result[] onCpu = new GreedyDecoder(cpu).decodeBatch(cpu.encode(features), promptTokens, 224);
        long cpuMs = (System.nanoTime() - began) / 1_000_000;
        began = System.nanoTime();
        GreedyDecoder.Result[] onCuda = new GreedyDecoder(cuda).decodeBatch(cuda.encode(features), promptTokens, 224);
        long cudaMs = (System.nanoTime() - began) / 1_000_000;
        int same = 0;
        long prefix = 0;
        long tokens = 0;
        for (int i = 0; i < size; i++) {
          int[] a = onCpu[i].tokens();
          int[] b = onCuda[i].tokens();
          same += Arrays.equals(a, b) ? 1 : 0;
          int common = 0;
          while (common < Math.min(a.length, b.length) && a[common] == b[common]) {
            common++;
          }
          prefix += common;
          tokens += Math.max(a.length, b.length);
        }
        totalSequences += size;
        agreeing += same;
        System.out.printf("batch %2d: %2d/%2d sequences identical, %.1f%% of tokens agree before the first"
            + " difference; CPU %d ms, CUDA %d ms%n", size, same, size, 100.0 * prefix / tokens, cpuMs, cudaMs);
      }
      double share = (double) agreeing / totalSequences;
      System.out.printf("overall: %d/%d sequences identical (%.1f%%; threshold %.0f%%)%n", agreeing, totalSequences,
          100 * share, 100 * minAgreement);
      System.exit(share >= minAgreement ? 0 : 1);
    }
  }
}
