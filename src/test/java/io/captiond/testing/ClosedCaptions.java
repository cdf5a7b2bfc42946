package io.captiond.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads the CEA-608 captions embedded in a video back with Debian's FFmpeg, for the round-trip tests. */
public final class ClosedCaptions {

  private ClosedCaptions() {}

  /**
   * Checks that ffprobe finds closed captions on the first video stream, then extracts CC1 as SubRip.
   * ffprobe 5.1 sets closed_captions only once its decoder has seen a frame with A/53 side data, so the
   * first frame is decoded.
   */
  public static SrtEvents extract(Path media) throws IOException, InterruptedException {
    String probe = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
        "-show_frames", "-show_entries", "stream=closed_captions", "-of", "default=noprint_wrappers=1", media.toString());
    assertTrue(probe.contains("closed_captions=1"), probe);
    Path srt = Path.of(media + ".srt");
    run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "movie=" + media + "[out0+subcc]", "-map", "0:s",
        "-f", "srt", srt.toString());
    String text = Files.readString(srt, StandardCharsets.UTF_8);
    System.out.println(media + ":\n" + text);
    return SrtEvents.parse(text);
  }

  /** Runs a command to its end (2 minutes at most), asserting exit 0; returns what it printed. */
  public static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + text);
    return text;
  }
}
