package io.captiond.loadtest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech with known words at known times: {@code flite -voice slt} speaks each sentence, ffmpeg
 * makes it 16 kHz mono s16, and the sentences are joined with pauses. Every time in a {@link Script}
 * is counted in samples, so a sentence's end in the stream is exact, not estimated.
 */
public final class Speech {

  static final int RATE = 16_000;
  private static final int LEAD_IN_MS = 500;

  /** One spoken sentence: its words and where its audio lies in the stream, in ms. */
  public record Sentence(String text, long startMs, long endMs) {}

  /** One WAV to publish and what it says. */
  public record Script(Path wav, List<Sentence> sentences, long durationMs) {
    public String reference() {
      return String.join(" ", sentences.stream().map(Sentence::text).toList());
    }
  }

  private final Path dir;
  private final int pauseMs;

  public Speech(Path dir, int pauseMs) {
    this.dir = dir;
    this.pauseMs = pauseMs;
  }

  /**
   * Script number {@code variant}: the sentences from {@code variant} on (wrapping round), as many as fit in
   * {@code seconds}. Different variants say different things at the same moment, as real streams do.
   */
  public Script script(int variant, int seconds) throws IOException {
    Files.createDirectories(dir);
    List<String> all = Sentences.HARVARD;
    long limit = (long) seconds * RATE;
    long pause = (long) pauseMs * RATE / 1000;
    ByteArrayPcm pcm = new ByteArrayPcm();
    pcm.silence((long) LEAD_IN_MS * RATE / 1000);
    List<Sentence> sentences = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int index = (variant + i) % all.size();
      short[] spoken = spoken(index);
      if (pcm.samples() + spoken.length + pause > limit) {
        break;
      }
      long start = pcm.samples();
      pcm.append(spoken);
      sentences.add(new Sentence(all.get(index), start * 1000 / RATE, pcm.samples() * 1000 / RATE));
      pcm.silence(pause);
    }
    if (sentences.isEmpty()) {
      throw new HarnessException("--seconds " + seconds + " is too short for one sentence");
    }
    pcm.silence(limit - pcm.samples());
    Path wav = dir.resolve("script-" + seconds + "s-" + pauseMs + "ms-" + variant + ".wav");
    pcm.writeWav(wav);
    return new Script(wav, List.copyOf(sentences), pcm.samples() * 1000 / RATE);
  }

  /** The sentence's samples, synthesized once and kept in the work folder. */
  private short[] spoken(int index) throws IOException {
    Path resampled = dir.resolve("sentence-" + index + ".s16");
    if (!Files.isRegularFile(resampled)) {
      synthesize(index, resampled);
    }
    byte[] bytes = Files.readAllBytes(resampled);
    short[] samples = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return samples;
  }

  private void synthesize(int index, Path resampled) throws IOException {
    try {
      Path raw = dir.resolve("sentence-" + index + ".flite.wav");
      Tools.run(List.of("flite", "-voice", "slt", "-t", Sentences.HARVARD.get(index), "-o", raw.toString()), 60);
      Path tmp = dir.resolve("sentence-" + index + ".tmp.s16");
      Tools.run(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", raw.toString(),
          "-ar", Integer.toString(RATE), "-ac", "1", "-f", "s16le", tmp.toString()), 60);
      Files.move(tmp, resampled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while synthesizing speech");
    }
  }

  /** Growing little-endian PCM. */
  private static final class ByteArrayPcm {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    long samples() {
      return bytes.size() / 2;
    }

    void append(short[] samples) {
      ByteBuffer buf = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      buf.asShortBuffer().put(samples);
      bytes.writeBytes(buf.array());
    }

    void silence(long count) {
      bytes.writeBytes(new byte[(int) Math.max(0, count) * 2]);
    }

    void writeWav(Path path) throws IOException {
      byte[] data = bytes.toByteArray();
      ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(0x46464952).putInt(36 + data.length).putInt(0x45564157);
      header.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
          .putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
      header.putInt(0x61746164).putInt(data.length);
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      try (var out = Files.newOutputStream(tmp)) {
        out.write(header.array());
        out.write(data);
      }
      Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
