package io.captiond.asr.whisper;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.Locale;

/**
 * For {@code load-tests/whisper-bench.sh} (not a test): how far a model variant (e.g. the
 * {@code _int8} files of {@code models/synthetic/quantize_int8.py}) decodes the same tokens as the
 * float32 model, greedy under Whisper's rules, per input: the tokens both decode, the steps they
 * agree on before the first difference, and whether the whole sequences are equal. One JSON object.
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
        int same = 0;
        while (prompt + same < Math.min(expected.length, got.length) && expected[prompt + same] == got[prompt + same]) {
          same++;
        }
        String name = wav.getFileName().toString().replace(".wav", "");
        json.append(String.format(Locale.ROOT, "%s\"%s\":{\"tokens\":%d,\"agreeing_steps\":%d,\"equal\":%b}",
            i == 2 ? "" : ",", name, expected.length - prompt, same, java.util.Arrays.equals(expected, got)));
      }
    }
    System.out.println(json.append("}"));
  }

  static int[] decode(WhisperModel model, Path wav) throws Exception {
    short[] samples = WavFile.read16kMono(wav);
    LogMelSpectrogram.Features mel = new LogMelSpectrogram(model.config().numMelBins())
        .chunk(new AudioWindow(0, samples).floatSamples());
    int[] prompt = model.tokenizer().sotSequence("en", false);
    return new GreedyDecoder(model).decode(model.encode(mel), prompt, 224).tokens();
  }
}
