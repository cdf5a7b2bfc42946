package io.captiond.ingest.srt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SRT encoder: Debian's ffmpeg sending a WAV and a small test picture in real time as
 * MPEG-TS over SRT, as caller (to captiond's listener) or as listener (for captiond to call).
 */
final class SrtFfmpeg implements AutoCloseable {

  private final Process process;
  private final Path log;

  private SrtFfmpeg(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * @param video {@code libx264} or {@code libx265}
   * @param audio {@code aac}, {@code mp2} or {@code ac3}
   */
  static SrtFfmpeg start(Path wav, String video, String audio, String url) throws IOException {
    return start(wav, 0, 0, video, audio, url);
  }

  /** As above, {@code seconds} of the WAV (0: the rest) from {@code fromSeconds} on. */
  static SrtFfmpeg start(Path wav, double fromSeconds, double seconds, String video, String audio, String url)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
        "-re"));
    if (fromSeconds > 0) {
      command.addAll(List.of("-ss", Double.toString(fromSeconds)));
    }
    if (seconds > 0) {
      command.addAll(List.of("-t", Double.toString(seconds)));
    }
    command.addAll(List.of("-i", wav.toString(), "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15",
        "-map", "0:a", "-map", "1:v", "-c:v", video, "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p",
        "-b:v", "300k"));
    if (video.equals("libx264")) {
      command.addAll(List.of("-tune", "zerolatency"));
    } else {
      command.addAll(List.of("-x265-params", "log-level=error"));
    }
    command.addAll(List.of("-c:a", audio, "-ar", "48000", "-b:a", "128k", "-shortest", "-f", "mpegts", url));
    Path log = Files.createTempFile("srt-ffmpeg", ".log");
    log.toFile().deleteOnExit();
    return new SrtFfmpeg(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
        log);
  }

  /** Its exit code, or -1 if it did not exit in time. */
  int await(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  String log() {
    try {
      String text = Files.readString(log);
      return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
