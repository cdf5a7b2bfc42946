package io.captiond.media.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.FrameRate;
import io.captiond.media.FlvWriter;
import io.captiond.testing.SrtEvents;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    Path flv = FfmpegChecks.plainFlv(dir, 6);
    plain = FlvTagReader.read(Files.readAllBytes(flv));
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
    SrtEvents srt = FfmpegChecks.extract(flv);
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

    // the HLS path: FFmpeg copies the FLV's AVCC into MPEG-TS's Annex B and the SEI goes along
    Path ts = dir.resolve("captioned.ts");
    FfmpegChecks.run("ffmpeg", "-v", "error", "-y", "-i", flv.toString(), "-c", "copy", "-f", "mpegts", ts.toString());
    List<String> fromTs = FfmpegChecks.extract(ts).events().stream().map(SrtEvents.Event::text).toList();
    assertEquals(sent.stream().map(Sent::text).toList(), fromTs);
  }
}
