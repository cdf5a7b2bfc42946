package io.captiond.asr.pocketsphinx;

import io.captiond.testing.Flite;
import io.captiond.testing.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Audio for the engine tests: synthesized sentences, silence and noise as 16 kHz samples. */
final class SpokenAudio {

  private SpokenAudio() {}

  static short[] say(List<String> sentences) throws Exception {
    Path dir = Files.createTempDirectory("pocketsphinx-test");
    try {
      Path wav = Flite.speak(sentences, 500, dir.resolve("speech.wav"));
      short[] samples = WavFile.read16kMono(wav);
      Files.delete(wav);
      return samples;
    } finally {
      Files.deleteIfExists(dir);
    }
  }

  static short[] silence(long ms) {
    return new short[(int) (ms * 16)];
  }

  /** Gaussian noise of the given standard deviation in sample units, the same on every run. */
  static short[] noise(long ms, double deviation) {
    Random random = new Random(42);
    short[] samples = new short[(int) (ms * 16)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.round(random.nextGaussian() * deviation);
    }
    return samples;
  }

  static short[] concat(short[] first, short[] second) {
    short[] joined = new short[first.length + second.length];
    System.arraycopy(first, 0, joined, 0, first.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }
}
