package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.testing.ClosedCaptions;
import io.captiond.testing.SrtEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captions through Debian's FFmpeg: cues are encoded into the SEI of a real H.264 stream, then
 * {@code movie=...[out0+subcc]} extracts them. Text and times must come back, times within one
 * frame plus the pacing delay the encoder reported. Skipped where ffmpeg is not installed.
 */
class FfmpegRoundTripTest {

  private static final FrameRate RATE = new FrameRate(30, 1);
  private static final long FRAME_MS = 34;

  /** Kept after the run (under target/) so the streams and SRT can be looked at. */
  private static final Path dir = Path.of("target", "cea608-roundtrip");
  private static byte[] plainStream;

  private record Sent(String text, long atMs, PacedCue paced) {}

  @BeforeAll
  static void makeAnH264Stream() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "Debian ffmpeg is not installed");
    Files.createDirectories(dir);
    Path h264 = dir.resolve("plain.h264");
    run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "6",
        "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-pix_fmt", "yuv420p",
        "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264.toString());
    plainStream = Files.readAllBytes(h264);
  }

  @Test
  void popOnCuesComeBackWithTheirTextAndTimes() throws Exception {
    CaptionChannel channel = new CaptionChannel(CaptionChannel.Config.popOn(RATE));
    List<Sent> sent = new ArrayList<>();
    List<PacedCue> clears = new ArrayList<>();
    sent.add(new Sent("Hello world", 500, channel.caption("Hello world", 500)));
    sent.add(new Sent("Café crème ♪ à bientôt", 2_000, channel.caption("Café crème ♪ à bientôt", 2_000)));
    clears.add(channel.clear(3_500));
    sent.add(new Sent("Señor Müller’s «Straße»", 4_000, channel.caption("Señor Müller’s «Straße»", 4_000)));
    clears.add(channel.clear(5_500));

    SrtEvents srt = roundTrip(channel, RATE, "popon");

    assertEquals(3, srt.events().size(), srt.toString());
    long[] ends = {sent.get(1).paced().shownFrame(), clears.get(0).shownFrame(), clears.get(1).shownFrame()};
    for (int i = 0; i < 3; i++) {
      Sent cue = sent.get(i);
      SrtEvents.Event event = srt.events().get(i);
      assertEquals(normalised(cue.text()), normalised(event.text()), event.toString());
      assertWithin(cue.atMs(), cue.paced().delayMs(), event.startMs(), event.toString());
      assertTrue(Math.abs(RATE.frameTimeMs(ends[i]) - event.endMs()) <= FRAME_MS, event + " ends at frame " + ends[i]);
    }
  }

  @Test
  void rollUpRowsComeBackInOrderEachNoLaterThanItsPacingDelay() throws Exception {
    CaptionChannel channel = new CaptionChannel(CaptionChannel.Config.rollUp(RATE));
    List<Sent> sent = new ArrayList<>();
    String[] rows = {"first line of the roll-up", "second line", "a third and final line"};
    long[] times = {300, 1_500, 3_000};
    for (int i = 0; i < rows.length; i++) {
      sent.add(new Sent(rows[i], times[i], channel.caption(rows[i], times[i])));
    }
    channel.clear(4_500);

    SrtEvents srt = roundTrip(channel, RATE, "rollup");

    // FFmpeg reports a roll-up screen when the next row arrives: the event holding row k as its
    // last line starts with row k's carriage return, between its due time and its pacing delay.
    assertEquals(rows.length, srt.events().size(), srt.toString());
    for (int i = 0; i < rows.length; i++) {
      SrtEvents.Event event = srt.events().get(i);
      List<String> lines = event.lines();
      assertEquals(rows[i], lines.get(lines.size() - 1), event.toString());
      assertTrue(lines.size() <= 2, "a window of two rows: " + event);
      assertWithin(sent.get(i).atMs(), sent.get(i).paced().delayMs(), event.startMs(), event.toString());
    }
    assertEquals(List.of(rows[1], rows[2]), srt.events().get(2).lines());
  }

  @Test
  void keepsTimesAtTheNtscRateOf29Point97() throws Exception {
    FrameRate ntsc = new FrameRate(30000, 1001);
    CaptionChannel channel = new CaptionChannel(CaptionChannel.Config.popOn(ntsc));
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String text = "cue number " + (i + 1);
      long at = 400 + i * 1_300L;
      sent.add(new Sent(text, at, channel.caption(text, at)));
    }
    channel.clear(5_600);

    SrtEvents srt = roundTrip(channel, ntsc, "ntsc");

    assertEquals(4, srt.events().size(), srt.toString());
    for (int i = 0; i < 4; i++) {
      SrtEvents.Event event = srt.events().get(i);
      assertEquals(sent.get(i).text(), event.text());
      assertWithin(sent.get(i).atMs(), sent.get(i).paced().delayMs(), event.startMs(), event.toString());
      // on the very frame the pacer named (within half a frame: the remux rounds NTSC times)
      assertEquals(ntsc.frameTimeMs(sent.get(i).paced().shownFrame()), event.startMs(), FRAME_MS / 2.0, event.toString());
    }
  }

  private static void assertWithin(long dueMs, long delayMs, long actualMs, String what) {
    assertTrue(actualMs >= dueMs - FRAME_MS && actualMs <= dueMs + delayMs + FRAME_MS,
        what + ": due " + dueMs + " ms, pacing delay " + delayMs + " ms");
  }

  private static String normalised(String text) {
    return text.replace('’', '\'').replace('\u00A0', ' ').replace('«', '"').replace('»', '"').strip();
  }

  /** Puts the channel's cc_data on every frame, remuxes at 30 fps, checks ffprobe, extracts SRT. */
  private static SrtEvents roundTrip(CaptionChannel channel, FrameRate rate, String name) throws Exception {
    ByteArrayOutputStream captioned = new ByteArrayOutputStream();
    List<List<byte[]>> units = AnnexBAccessUnits.split(plainStream);
    assertEquals(180, units.size(), "6 s of 30 fps testsrc");
    for (List<byte[]> unit : units) {
      AnnexBAccessUnits.writeWithSei(captioned, unit, A53Sei.nalUnit(channel.nextFrame()));
    }
    Path h264 = dir.resolve(name + ".h264");
    Files.write(h264, captioned.toByteArray());
    Path mkv = dir.resolve(name + ".mkv");
    String fps = rate.numerator() + "/" + rate.denominator();
    run("ffmpeg", "-v", "error", "-y", "-framerate", fps, "-i", h264.toString(), "-c", "copy", mkv.toString());
    assertTrue(run("ffprobe", "-hide_banner", mkv.toString()).contains("Closed Captions"), "stream listing");
    return ClosedCaptions.extract(mkv);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    return ClosedCaptions.run(command);
  }

}
