package io.captiond.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Synthesizes speech with a known transcript: Debian's {@code flite} (voice slt) speaks each
 * sentence, Debian's {@code ffmpeg} resamples it to 16 kHz mono and joins the sentences with pauses.
 */
public final class Flite {

  private Flite() {}

  /** Writes a 16 kHz mono WAV of the sentences, each followed by {@code pauseMs} of silence. */
  public static Path speak(List<String> sentences, long pauseMs, Path out) throws IOException, InterruptedException {
    short[] pause = new short[(int) (pauseMs * 16)];
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    Path dir = Files.createTempDirectory("flite");
    for (int i = 0; i < sentences.size(); i++) {
      Path raw = dir.resolve("s" + i + ".wav");
      Path resampled = dir.resolve("r" + i + ".wav");
      run(List.of("flite", "-voice", "slt", "-t", sentences.get(i), "-o", raw.toString()));
      run(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", raw.toString(),
          "-ar", "16000", "-ac", "1", "-sample_fmt", "s16", resampled.toString()));
      for (short s : WavFile.read16kMono(resampled)) {
        joined.write(s & 0xff);
        joined.write((s >> 8) & 0xff);
      }
      for (short s : pause) {
        joined.write(0);
        joined.write(0);
      }
    }
    byte[] bytes = joined.toByteArray();
    short[] samples = new short[bytes.length / 2];
    java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    WavFile.write16kMono(out, samples);
    return out;
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(output));
    }
  }
}
