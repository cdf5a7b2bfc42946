package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.FrameRate;
import io.captiond.media.embed.EmbedConfig;
import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.embed.FlvTag;
import io.captiond.media.embed.FlvTagReader;
import io.captiond.testing.SrtEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamOutputsTest {

  private static final FrameRate RATE = new FrameRate(30, 1);

  @TempDir
  Path dir;

  private static OutputSettings settings(boolean hlsCaptions, EmbedConfig.Timing timing, long delayMs, int maxOutputs) {
    return new OutputSettings(hlsCaptions, timing, delayMs, CaptionChannel.Mode.POP_ON, 2, RATE, 1_000, maxOutputs,
        RestreamConfig.defaults());
  }

  @Test
  void tagsPassUntouchedWhileNobodyWantsCaptions() throws Exception {
    StreamOutputs outputs = new StreamOutputs("s1", settings(false, EmbedConfig.Timing.LIVE, 0, 5), null,
        new SimpleMeterRegistry());
    FlvTag tag = new FlvTag(FlvTag.AUDIO, 10, new byte[] {(byte) 0xAF, 1, 1, 2, 3});
    outputs.caption("nobody sees this", 0, 100);
    List<FlvTag> out = outputs.received(tag);
    assertEquals(1, out.size());
    assertSame(tag, out.get(0));
    assertEquals(List.of(), outputs.finish());
  }

  @Test
  void theHlsOutputCarriesConfirmedCaptionsThatFfmpegReadsBack() throws Exception {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
    List<FlvTag> source = FlvTagReader.read(Files.readAllBytes(FfmpegChecks.plainFlv(dir, 5)));
    StreamOutputs outputs = new StreamOutputs("s1", settings(true, EmbedConfig.Timing.SYNCED, 2_000, 5), null,
        new SimpleMeterRegistry());
    outputs.metaData(Map.of("framerate", 30.0));
    List<FlvTag> written = new ArrayList<>();
    boolean first = true;
    boolean second = true;
    for (FlvTag tag : source) {
      // confirmed about a second after the words, as a recognizer would
      if (first && tag.timestampMs() >= 1_500) {
        outputs.caption("Hello from the tap", 500, 1_200);
        first = false;
      }
      if (second && tag.timestampMs() >= 3_000) {
        outputs.caption("and goodbye", 2_000, 2_600);
        outputs.settled(4_000); // quiet since 2.6 s: erased at 3.6 s
        second = false;
      }
      written.addAll(outputs.received(tag));
    }
    written.addAll(outputs.finish());
    assertEquals(source.size(), written.size(), "every tag comes out once");
    Path flv = dir.resolve("captioned.flv");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
    written.forEach(tag -> bytes.writeBytes(tag.toBytes()));
    Files.write(flv, bytes.toByteArray());

    SrtEvents events = FfmpegChecks.extract(flv);
    assertEquals(List.of("Hello from the tap", "and goodbye"), events.events().stream().map(SrtEvents.Event::text).toList());
    // Synced and started early by its pacing: on screen at its words' time. FFmpeg times a cue by the
    // frame it decodes it from, in decode order: up to two B-frames (67 ms) early, plus a frame.
    assertEquals(500, events.events().get(0).startMs(), 150);
    assertEquals(2_000, events.events().get(1).startMs(), 150);
    assertEquals(3_600, events.events().get(1).endMs(), 150, "erased once quiet for clear_after_ms");
  }

  @Test
  void aLiveRollUpOutputShowsEachCaptionOnTheFramesAfterItIsConfirmed() throws Exception {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
    List<FlvTag> source = FlvTagReader.read(Files.readAllBytes(FfmpegChecks.plainFlv(dir, 4)));
    StreamOutputs outputs = new StreamOutputs("s1", new OutputSettings(true, EmbedConfig.Timing.LIVE, 0,
        CaptionChannel.Mode.ROLL_UP, 2, RATE, 500, 5, RestreamConfig.defaults()), null, new SimpleMeterRegistry());
    List<FlvTag> written = new ArrayList<>();
    int step = 0;
    for (FlvTag tag : source) {
      // FFmpeg writes a roll-up line out when the next line rolls it up or the screen is erased
      if (step == 0 && tag.timestampMs() >= 1_000) {
        outputs.caption("words confirmed late", 0, 600);
        step++;
      } else if (step == 1 && tag.timestampMs() >= 2_000) {
        outputs.caption("and more of them", 1_200, 1_800);
        step++;
      } else if (step == 2 && tag.timestampMs() >= 3_000) {
        outputs.settled(3_000);
        step++;
      }
      written.addAll(outputs.received(tag));
    }
    written.addAll(outputs.finish());
    Path flv = dir.resolve("rollup.flv");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
    written.forEach(tag -> bytes.writeBytes(tag.toBytes()));
    Files.write(flv, bytes.toByteArray());
    SrtEvents events = FfmpegChecks.extract(flv);
    assertTrue(events.events().stream().anyMatch(e -> e.text().contains("words confirmed late")), events.toString());
    long shown = events.events().stream().filter(e -> e.text().contains("words")).findFirst().orElseThrow().startMs();
    assertTrue(shown >= 900 && shown <= 1_700, "live: shown as confirmed (1 s) plus its pacing, was " + shown);
  }

  @Test
  void outputsComeAndGoWithTheirUrlsRedactedAndTheirNumberBounded() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      StreamOutputs outputs = new StreamOutputs("s1", settings(false, EmbedConfig.Timing.LIVE, 0, 1), group,
          new SimpleMeterRegistry());
      String id = outputs.add(new OutputSpec("rtmp://127.0.0.1:1/live/topsecret", OutputSpec.Captions.CEA608));
      assertThrows(IllegalStateException.class,
          () -> outputs.add(new OutputSpec("rtmp://127.0.0.1:1/live/other", OutputSpec.Captions.NONE)));
      StreamOutputs.Described shown = outputs.describe().get(0);
      assertEquals(id, shown.id());
      assertEquals("rtmp://127.0.0.1:1/live/***", shown.status().url());
      assertFalse(shown.toString().replace(shown.spec().url(), "").contains("topsecret"));
      assertTrue(outputs.remove(id));
      assertFalse(outputs.remove(id));
      assertEquals(List.of(), outputs.describe());
      outputs.close();
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void ntscRatesAreExactFractionsAndOthersWholeFrames() {
    assertEquals(new FrameRate(30_000, 1001), StreamOutputs.frameRate(29.97, RATE));
    assertEquals(new FrameRate(60_000, 1001), StreamOutputs.frameRate(59.94, RATE));
    assertEquals(new FrameRate(25, 1), StreamOutputs.frameRate(25.0, RATE));
    assertEquals(RATE, StreamOutputs.frameRate(0.1, RATE));
  }
}
