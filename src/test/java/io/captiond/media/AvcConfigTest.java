package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.embed.FlvTag;
import io.captiond.media.embed.FlvTagReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The picture size and NAL length size read from the sequence headers x264 writes, against what it was
 * asked for: cropped sizes, the high profiles' chroma formats, interlaced coding; and the AAC rate and channels.
 */
class AvcConfigTest {

  @TempDir
  Path dir;

  @Test
  void thePictureSizeComesFromTheSpsWhateverTheCroppingChromaFormatOrScan() throws Exception {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
    check(1920, 1080, "yuv420p");
    check(642, 362, "yuv420p");
    check(160, 120, "yuv420p", "-profile:v", "baseline");
    check(642, 362, "yuv422p");
    check(642, 362, "yuv444p");
    check(640, 360, "yuv420p", "-flags", "+ildct+ilme", "-x264-params", "interlaced=1");
  }

  private void check(int width, int height, String pixels, String... options) throws Exception {
    Path flv = dir.resolve(width + "x" + height + pixels + options.length + ".flv");
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-v", "error", "-y",
        "-f", "lavfi", "-i", "testsrc=size=" + width + "x" + height + ":rate=5", "-frames:v", "2",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pixels));
    command.addAll(Arrays.asList(options));
    command.addAll(java.util.List.of("-f", "flv", flv.toString()));
    FfmpegChecks.run(command.toArray(String[]::new));
    FlvTag header = FlvTagReader.read(Files.readAllBytes(flv)).stream()
        .filter(FlvTag::isAvcSequenceHeader).findFirst().orElseThrow();
    AvcConfig config = AvcConfig.parse(header.body(), 5, header.body().length - 5);
    String what = width + "x" + height + " " + pixels + " " + String.join(" ", options);
    assertEquals(width, config.width(), what);
    assertEquals(height, config.height(), what);
    assertEquals(4, config.nalLengthSize());
    assertArrayEquals(Arrays.copyOfRange(header.body(), 5, header.body().length), config.extradata());
  }

  @Test
  void aRecordThatIsShortOfAnotherVersionOrWithoutAWholeSpsIsRefused() {
    assertThrows(FlvTagException.class, () -> AvcConfig.parse(new byte[] {1, 0x64, 0, 0x1F}, 0, 4));
    FlvTagException version = assertThrows(FlvTagException.class,
        () -> AvcConfig.parse(new byte[] {2, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x64, 0, 0x1F}, 0, 12));
    assertTrue(version.getMessage().contains("configurationVersion must be 1, was 2"), version.getMessage());
    FlvTagException cut = assertThrows(FlvTagException.class,
        () -> AvcConfig.parse(new byte[] {1, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 40, 0x67, 0x64, 0, 0x1F}, 0, 12));
    assertTrue(cut.getMessage().contains("no whole sequence parameter set"), cut.getMessage());
    FlvTagException truncatedSps = assertThrows(FlvTagException.class,
        () -> AvcConfig.parse(new byte[] {1, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x64, 0, 0x1F}, 0, 12));
    assertTrue(truncatedSps.getMessage().contains("truncated"), truncatedSps.getMessage());
  }

  @Test
  void aFrameIsWholeNalUnitsOnlyWhenTheirLengthsFillItExactly() {
    AvcConfig config = new AvcConfig(4, 16, 16, new byte[0]);
    byte[] two = {0, 0, 0, 2, 0x65, 1, 0, 0, 0, 1, 0x06};
    assertTrue(config.wholeNalUnits(two, 0, two.length));
    assertFalse(config.wholeNalUnits(two, 0, two.length - 1), "the last unit cut short");
    assertFalse(config.wholeNalUnits(two, 0, 3), "not even a length");
    assertFalse(config.wholeNalUnits(new byte[] {0, 0, 0, 9, 1}, 0, 5), "a length past the end");
    assertFalse(config.wholeNalUnits(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1}, 0, 5));
    assertTrue(new AvcConfig(2, 16, 16, new byte[0]).wholeNalUnits(new byte[] {0, 1, 0x65}, 0, 3));
  }

  @Test
  void theAudioSpecificConfigGivesTheRateAndChannelsAnSbrExtensionTheOutputRate() {
    AacConfig lc = AacConfig.parse(new byte[] {0x12, 0x10}, 0, 2); // AAC LC, 44.1 kHz, stereo
    assertEquals(2, lc.objectType());
    assertEquals(44_100, lc.sampleRate());
    assertEquals(2, lc.channels());
    AacConfig mono48 = AacConfig.parse(new byte[] {0x11, (byte) 0x88}, 0, 2); // LC, 48 kHz, mono
    assertEquals(48_000, mono48.sampleRate());
    assertEquals(1, mono48.channels());
    // HE-AAC signalled explicitly: object type 5, 24 kHz core, stereo, extension index 3 (48 kHz)
    AacConfig he = AacConfig.parse(new byte[] {0x2B, 0x11, (byte) 0x88, 0x00}, 0, 4);
    assertEquals(48_000, he.sampleRate());
    assertThrows(FlvTagException.class, () -> AacConfig.parse(new byte[] {0x12}, 0, 1));
    assertThrows(FlvTagException.class, () -> AacConfig.parse(new byte[] {0x17, 0x00}, 0, 2),
        "samplingFrequencyIndex 14 is reserved");
  }
}
