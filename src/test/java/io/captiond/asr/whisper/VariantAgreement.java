package io.captiond.asr.whisper;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.Locale;

/**
 * For {@code load-tests/whisper-bench.sh} (not a test): how far a model variant (e.g. the
 * {@code _int8} files of {@code models/synthetic/quantize_int8.py}) decodes the same tokens as the
 * float32 model, greedy under Whisper's rules, per input: the tokens float32 decodes, the steps they
 * agree on before the first difference, the steps the variant picks float32's token when fed
 * float32's tokens (forced along them, so one early difference does not hide the rest), and whether
 * the whole sequences are equal. One JSON object.
 *
 * <pre>java -cp ... io.captiond.asr.whisper.VariantAgreement MODEL_DIR VARIANT WAV...</pre>
 */
public final class VariantAgreement {

  private VariantAgreement() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    StringBuilder json = new StringBuilder("{");
    try (WhisperModel reference = WhisperModel.load(dir, 1); WhisperModel variant = WhisperModel.load(dir, 1, args[1])) {
      for (int i = 2; i < args.length; i++) {
        Path wav = Path.of(args[i]);
        int[] expected = decode(reference, wav);
        int[] got = decode(variant, wav);
        int prompt = reference.tokenizer().sotSequence("en", false).length;
        int same = agreeingSteps(expected, got, prompt);
        int forced = forcedAgreeingSteps(variant, wav, expected, prompt);
        String name = wav.getFileName().toString().replace(".wav", "");
        json.append(String.format(Locale.ROOT,
            "%s\"%s\":{\"tokens\":%d,\"agreeing_steps\":%d,\"forced_agreeing_steps\":%d,\"equal\":%b}",
            i == 2 ? "" : ",", name, expected.length - prompt, same, forced, java.util.Arrays.equals(expected, got)));
      }
    }
    System.out.println(json.append("}"));
  }

  /** How many sampled tokens two decodes share before their first difference. */
  static int agreeingSteps(int[] expected, int[] got, int prompt) {
    int same = 0;
    while (prompt + same < Math.min(expected.length, got.length) && expected[prompt + same] == got[prompt + same]) {
      same++;
    }
    return same;
  }

  /**
   * Feeds {@code expected} (a float32 decode, prompt first) to {@code model} step by step and counts
   * the steps at which its greedy pick under Whisper's rules is the token float32 picked.
   */
  static int forcedAgreeingSteps(WhisperModel model, Path wav, int[] expected, int prompt) throws Exception {
    GreedyDecoder greedy = new GreedyDecoder(model);
    int[] tokens = expected.clone();
    int same = 0;
    try (DecoderBatch batch = new DecoderBatch(model, new float[][] {model.encode(features(model, wav))})) {
      float[] logits = batch.prompt(new int[][] {java.util.Arrays.copyOf(expected, prompt)})[0];
      for (int at = prompt; at < expected.length; at++) {
        greedy.applyRules(batch, 0, logits, tokens, at, prompt);
        same += TimestampRules.argmax(logits) == expected[at] ? 1 : 0;
        if (at + 1 < expected.length) {
          logits = batch.next(new int[] {expected[at]})[0];
        }
      }
    }
    return same;
  }

  static LogMelSpectrogram.Features features(WhisperModel model, Path wav) throws Exception {
    short[] samples = WavFile.read16kMono(wav);
    return new LogMelSpectrogram(model.config().numMelBins()).chunk(new AudioWindow(0, samples).floatSamples());
  }

  static int[] decode(WhisperModel model, Path wav) throws Exception {
    LogMelSpectrogram.Features mel = features(model, wav);
    int[] prompt = model.tokenizer().sotSequence("en", false);
    return new GreedyDecoder(model).decode(model.encode(mel), prompt, 224).tokens();
  }
}
