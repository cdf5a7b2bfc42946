package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-stream AAC decoder on FLV tags as an RTMP publisher sends them: no demuxer, no pipe. */
class AacDecoderTest {

  @TempDir
  Path dir;

  private byte[] flvOfJfk(int rate, int channels) throws Exception {
    Path flv = dir.resolve("jfk-" + rate + "-" + channels + ".flv");
    Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y",
        "-i", Fixtures.jfkWav().toString(), "-c:a", "aac", "-b:a", "128k", "-ar", Integer.toString(rate),
        "-ac", Integer.toString(channels), "-f", "flv", flv.toString())
        .redirectErrorStream(true).start();
    assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, ffmpeg.exitValue(), new String(ffmpeg.getInputStream().readAllBytes()));
    return Files.readAllBytes(flv);
  }

  /** Decodes a whole FLV fed in pieces of {@code piece} bytes; returns the samples. */
  private static short[] decode(byte[] flv, int piece) {
    FlvTagStream tags = new FlvTagStream(1 << 20);
    AacDecoder[] decoder = new AacDecoder[1];
    short[][] all = {new short[0]};
    for (int at = 0; at < flv.length; at += piece) {
      tags.feed(flv, at, Math.min(piece, flv.length - at), (type, time, buffer, offset, length) -> {
        if (type != 8) {
          return;
        }
        if (buffer[offset + 1] == 0) {
          decoder[0] = new AacDecoder(Arrays.copyOfRange(buffer, offset + 2, offset + length));
          return;
        }
        short[] samples = decoder[0].decode(buffer, offset + 2, length - 2);
        short[] joined = Arrays.copyOf(all[0], all[0].length + samples.length);
        System.arraycopy(samples, 0, joined, all[0].length, samples.length);
        all[0] = joined;
      });
    }
    decoder[0].close();
    return all[0];
  }

  @Test
  void elevenSecondsOfStereoAacAt48kHzBecomeElevenSecondsOf16kHzMonoSpeech() throws Exception {
    short[] samples = decode(flvOfJfk(48_000, 2), 1000);
    assertEquals(11.0, samples.length / 16_000.0, 0.1, "duration in seconds");
    double energy = 0;
    for (short s : samples) {
      energy += (double) s * s;
    }
    assertTrue(Math.sqrt(energy / samples.length) > 300, "speech, not silence");
  }

  @Test
  void stereoIsMixedDownAtTheLevelOfItsChannelsNotLouder() throws Exception {
    // jfk.wav is mono: encoded as stereo, each channel carries it at -3 dB (FFmpeg's upmix, 1/sqrt(2)); the
    // mix of two equal channels has their level (a sum not scaled down would come out at 0 dB here)
    double stereo = rms(decode(flvOfJfk(48_000, 2), 4096));
    double mono = rms(decode(flvOfJfk(48_000, 1), 4096));
    assertEquals(20 * Math.log10(Math.sqrt(0.5)), 20 * Math.log10(stereo / mono), 0.5, "stereo vs mono level, dB");
  }

  private static double rms(short[] samples) {
    double energy = 0;
    for (short s : samples) {
      energy += (double) s * s;
    }
    return Math.sqrt(energy / samples.length);
  }

  @Test
  void theSplitOfTheBytesDoesNotChangeTheSamples() throws Exception {
    byte[] flv = flvOfJfk(44_100, 1);
    assertTrue(Arrays.equals(decode(flv, 7), decode(flv, 65_536)));
  }

  @Test
  void aConfigThatIsNotAacIsRefusedWithWhy() {
    MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> new AacDecoder(new byte[] {0, 0}));
    assertTrue(e.getMessage().contains("AudioSpecificConfig"), e.getMessage());
  }

  @Test
  void bytesThatAreNotFlvLeaveTheStreamCorrupt() {
    FlvTagStream tags = new FlvTagStream(1 << 20);
    byte[] junk = "NOT AN FLV STREAM".getBytes();
    assertThrows(MediaDecodeException.class, () -> tags.feed(junk, 0, junk.length, (t, m, b, o, l) -> {}));
    assertThrows(MediaDecodeException.class, () -> tags.feed(junk, 0, 1, (t, m, b, o, l) -> {}));
  }
}
