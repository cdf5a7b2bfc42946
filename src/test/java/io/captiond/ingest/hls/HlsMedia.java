package io.captiond.ingest.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes HLS with Debian's ffmpeg, as a real packager would: speech from a WAV plus a small test
 * video (lavfi testsrc, H.264), AAC audio, 2 s segments.
 */
final class HlsMedia {

  private HlsMedia() {}

  /** A complete (VOD) playlist {@code dir/index.m3u8}; {@code fmp4} for fMP4 segments with EXT-X-MAP. */
  static Path vod(Path wav, Path dir, boolean fmp4) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> command = command(wav, dir, false, fmp4);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(output));
    }
    return dir.resolve("index.m3u8");
  }

  /** A live encoder at real speed: sliding window of 5 segments, old ones deleted, EXT-X-ENDLIST at the end. */
  static Process live(Path wav, Path dir) throws IOException {
    return live(wav, dir, 5);
  }

  /** A live sliding window of {@code listSize} segments, older ones deleted. */
  static Process live(Path wav, Path dir, int listSize) throws IOException {
    Files.createDirectories(dir);
    List<String> command = command(wav, dir, true, false);
    command.set(command.indexOf("-hls_list_size") + 1, Integer.toString(listSize));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
  }

  private static List<String> command(Path wav, Path dir, boolean live, boolean fmp4) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y"));
    if (live) {
      command.add("-re");
    }
    command.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=160x120:rate=10"));
    if (live) {
      command.add("-re");
    }
    command.addAll(List.of("-i", wav.toString(), "-shortest", "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", "-c:a", "aac", "-b:a", "64k", "-ar", "44100",
        "-f", "hls", "-hls_time", "2"));
    if (live) {
      command.addAll(List.of("-hls_list_size", "5", "-hls_flags", "delete_segments"));
    } else {
      command.addAll(List.of("-hls_list_size", "0"));
    }
    if (fmp4) {
      command.addAll(List.of("-hls_segment_type", "fmp4"));
    }
    command.add(dir.resolve("index.m3u8").toString());
    return command;
  }
}
