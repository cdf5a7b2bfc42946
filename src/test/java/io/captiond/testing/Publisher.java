package io.captiond.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RTMP publisher: Debian's ffmpeg streaming a WAV (AAC) and, optionally, a small test
 * picture (H.264, ultrafast, zerolatency) in real time ({@code -re}) to an RTMP URL.
 */
public final class Publisher implements AutoCloseable {

  private final Process process;
  private final Path log;

  private Publisher(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * @param fromSeconds where in the WAV to start
   * @param seconds how much to send, or 0 for the rest of the WAV
   * @param video add a 320x240, 15 fps test picture with a keyframe every 2 s
   */
  public static Publisher start(Path wav, double fromSeconds, double seconds, boolean video,
      String url) throws IOException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin",
        "-loglevel", "warning", "-re"));
    if (fromSeconds > 0) {
      command.addAll(List.of("-ss", Double.toString(fromSeconds)));
    }
    command.addAll(List.of("-i", wav.toString()));
    if (video) {
      command.addAll(List.of("-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15",
          "-map", "0:a", "-map", "1:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune",
          "zerolatency", "-g", "30", "-pix_fmt", "yuv420p", "-b:v", "300k", "-shortest"));
    }
    command.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
    if (seconds > 0) {
      command.addAll(List.of("-t", Double.toString(seconds)));
    }
    command.addAll(List.of("-f", "flv", url));
    Path log = Files.createTempFile("publisher", ".log");
    log.toFile().deleteOnExit();
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new Publisher(process, log);
  }

  /** Publishes three seconds of the WAV with another audio codec (e.g. libmp3lame), no video. */
  public static Publisher startWithAudioCodec(Path wav, String codec, String url) throws IOException {
    Path log = Files.createTempFile("publisher", ".log");
    log.toFile().deleteOnExit();
    Process process = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
        "-re", "-i", wav.toString(), "-t", "3", "-ar", "44100", "-c:a", codec, "-f", "flv", url)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Publisher(process, log);
  }

  /** Publishes the WAV {@code loops} times over as fast as the connection takes it (no {@code -re}). */
  public static Publisher flood(Path wav, int loops, String url) throws IOException {
    Path log = Files.createTempFile("publisher", ".log");
    log.toFile().deleteOnExit();
    Process process = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
        "-stream_loop", Integer.toString(loops - 1), "-i", wav.toString(), "-c:a", "aac", "-b:a", "64k",
        "-f", "flv", url).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Publisher(process, log);
  }

  /** Waits for ffmpeg to exit; its exit code, or -1 if it did not exit in time. */
  public int await(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Kills ffmpeg without a goodbye (SIGKILL): the connection just drops. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public String log() {
    try {
      String text = Files.readString(log);
      return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
