package io.captiond.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real RTMP publisher: Debian's ffmpeg sends the script's WAV as AAC in FLV, paced in real time
 * ({@code -re}), optionally with a small x264 test picture. Its {@code -progress} lines ("out_time_us")
 * tell when each stream time was sent, which times the stream's start ({@link StartClock}).
 */
final class Publisher implements AutoCloseable {

  private final Process process;
  private final long expectedMs;
  private final long startedMs;
  private final Path log;
  private final StartClock clock;

  private Publisher(Process process, long expectedMs, Path log, StartClock clock) {
    this.process = process;
    this.expectedMs = expectedMs;
    this.startedMs = System.currentTimeMillis();
    this.log = log;
    this.clock = clock;
  }

  static Publisher start(Speech.Script script, String publishUrl, boolean video, Path log, StartClock clock)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-re", "-i", script.wav().toString()));
    if (video) {
      command.addAll(List.of("-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-map", "0:a", "-map", "1:v",
          "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-shortest"));
    }
    command.addAll(List.of("-c:a", "aac", "-b:a", "64k", "-ar", "16000", "-ac", "1", "-progress", "pipe:1",
        "-stats_period", "0.2", "-f", "flv", publishUrl));
    Process process = Processes.track(new ProcessBuilder(command).redirectError(log.toFile()).start());
    Publisher publisher = new Publisher(process, script.durationMs(), log, clock);
    Thread reader = new Thread(publisher::readProgress, "publisher-progress-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    return publisher;
  }

  private void readProgress() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("out_time_us=")) {
          long now = System.currentTimeMillis();
          try {
            long sentMs = Long.parseLong(line.substring("out_time_us=".length()).strip()) / 1000;
            if (sentMs > 0) {
              clock.observe(now, sentMs);
            }
          } catch (NumberFormatException e) {
            // "N/A" before the first packet
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  long pid() {
    return process.pid();
  }

  boolean finished() {
    return !process.isAlive();
  }

  /**
   * Fails loudly when ffmpeg died: a non-zero exit, or an exit well before its audio was all sent.
   */
  void checkHealthy(String stream) {
    if (process.isAlive()) {
      return;
    }
    long ranMs = System.currentTimeMillis() - startedMs;
    int status = process.exitValue();
    if (status != 0) {
      throw new HarnessException("publisher of stream " + stream + " (ffmpeg pid " + process.pid()
          + ") died with status " + status + " after " + ranMs + " ms: " + tail());
    }
    if (ranMs < expectedMs - 2000) {
      throw new HarnessException("publisher of stream " + stream + " ended after " + ranMs + " ms, before its "
          + expectedMs + " ms of audio: " + tail());
    }
  }

  private String tail() {
    try {
      String text = Files.readString(log).strip();
      return text.isEmpty() ? "(ffmpeg printed nothing)" : text.substring(Math.max(0, text.length() - 800));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    Processes.stop(process, 2000);
  }
}
