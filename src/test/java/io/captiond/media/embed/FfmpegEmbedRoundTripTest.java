package io.captiond.media.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.FrameRate;
import io.captiond.media.FlvWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captions into a real FLV through Debian's FFmpeg: ffmpeg makes H.264 with B-frames and AAC, the
 * embedder puts cues into its tags, ffprobe must see closed captions and {@code [out0+subcc]} must
 * give the text back at its times (within a frame plus the pacing delay). Skipped without ffmpeg.
 */
class FfmpegEmbedRoundTripTest {

  private static final FrameRate RATE = new FrameRate(30, 1);
  private static final long FRAME_MS = 34;
  private static final Path dir = Path.of("target", "embed-roundtrip");
  private static List<FlvTag> plain;

  @BeforeAll
  static void makeAnFlvWithBFramesAndAac() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "Debian ffmpeg is not installed");
    Path flv = plainFlv(dir);
    plain = FlvTagReader.read(Files.readAllBytes(flv));
  }

  /** 6 s of testsrc at 30 fps, x264 with up to 2 B-frames and a GOP of 30, and a 440 Hz AAC tone. */
  static Path plainFlv(Path into) throws Exception {
    Files.createDirectories(into);
    Path flv = into.resolve("plain.flv");
    run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6",
        "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", flv.toString());
    return flv;
  }

  private record Sent(String text, long atMs) {}

  @Test
  void syncedCuesComeBackFromTheFlvWithTheirTextAndTimes() throws Exception {
    assertTrue(plain.stream().anyMatch(t -> t.isAvcFrame() && t.compositionTime() > 0), "B-frames in the source");
    assertTrue(plain.stream().anyMatch(t -> t.type() == FlvTag.AUDIO), "audio in the source");
    List<EmbeddedCue> embedded = new ArrayList<>();
    CaptionEmbedder embedder = new CaptionEmbedder(
        EmbedConfig.synced(3_000, CaptionChannel.Config.popOn(RATE)), embedded::add);
    List<Sent> sent = List.of(new Sent("Hello world", 500), new Sent("Captions in the picture", 2_000),
        new Sent("Third and last", 4_000));
    embedder.caption(sent.get(0).text(), sent.get(0).atMs());
    embedder.caption(sent.get(1).text(), sent.get(1).atMs());
    embedder.clear(3_500);
    embedder.caption(sent.get(2).text(), sent.get(2).atMs());
    embedder.clear(5_500);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(FlvWriter.header(true, true));
    for (FlvTag tag : plain) {
      embedder.accept(tag).forEach(t -> out.writeBytes(t.toBytes()));
    }
    embedder.flush().forEach(t -> out.writeBytes(t.toBytes()));
    Path flv = dir.resolve("captioned.flv");
    Files.write(flv, out.toByteArray());

    assertEquals(0, embedder.malformedTags());
    SrtEvents srt = extract(flv);
    assertEquals(3, srt.events().size(), srt.toString());
    for (int i = 0; i < 3; i++) {
      SrtEvents.Event event = srt.events().get(i);
      Sent cue = sent.get(i);
      EmbeddedCue paced = embedded.stream().filter(e -> e.text().equals(cue.text())).findFirst().orElseThrow();
      assertEquals(cue.text(), event.text());
      long latest = cue.atMs() + paced.paced().delayMs() + FRAME_MS;
      assertTrue(event.startMs() >= cue.atMs() - FRAME_MS && event.startMs() <= latest,
          event + ": due " + cue.atMs() + " ms, pacing delay " + paced.paced().delayMs() + " ms");
    }
  }

  /** Checks ffprobe's closed_captions flag and the video and audio streams, then extracts CC1 as SubRip. */
  static SrtEvents extract(Path media) throws Exception {
    String probe = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
        "-show_frames", "-show_entries", "stream=closed_captions", "-of", "default=noprint_wrappers=1", media.toString());
    assertTrue(probe.contains("closed_captions=1"), probe);
    String streams = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name",
        "-of", "csv=p=0", media.toString());
    assertTrue(streams.contains("h264,video") && streams.contains("aac,audio"), streams);
    Path srt = Path.of(media + ".srt");
    run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "movie=" + media + "[out0+subcc]", "-map", "0:s",
        "-f", "srt", srt.toString());
    String text = Files.readString(srt, StandardCharsets.UTF_8);
    System.out.println(media + ":\n" + text);
    return SrtEvents.parse(text);
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + text);
    return text;
  }
}
