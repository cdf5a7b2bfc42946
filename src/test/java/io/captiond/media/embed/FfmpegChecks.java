package io.captiond.media.embed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ClosedCaptions;
import io.captiond.testing.SrtEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-side Debian FFmpeg: makes an FLV with B-frames and AAC, checks and extracts embedded captions. */
public final class FfmpegChecks {

  private FfmpegChecks() {}

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/ffmpeg")) && Files.isExecutable(Path.of("/usr/bin/ffprobe"));
  }

  /** {@code seconds} of testsrc at 30 fps, x264 with up to 2 B-frames and a GOP of 30, and a 440 Hz AAC tone. */
  public static Path plainFlv(Path into, int seconds) throws Exception {
    Files.createDirectories(into);
    Path flv = into.resolve("plain.flv");
    run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds),
        "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", flv.toString());
    return flv;
  }

  /** Checks ffprobe's closed_captions flag and the video and audio streams, then extracts CC1 as SubRip. */
  public static SrtEvents extract(Path media) throws Exception {
    String streams = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name",
        "-of", "csv=p=0", media.toString());
    assertTrue(streams.contains("h264,video") && streams.contains("aac,audio"), streams);
    return ClosedCaptions.extract(media);
  }

  public static String run(String... command) throws IOException, InterruptedException {
    return ClosedCaptions.run(command);
  }
}
