package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.embed.FlvTag;
import io.captiond.media.embed.FlvTagReader;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.TsTimestamps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FLV tags into the HLS muxer without a demuxer, measured against the demuxer path ({@link HlsRemuxer#run})
 * on the same FLV: the same segments with the same clock, the same master playlist; and what happens to
 * bad tags, missing tracks and a muxer that cannot write.
 */
class FlvTagMuxerTest {

  private static final HlsRemuxer.Settings SETTINGS = new HlsRemuxer.Settings(2, 100);

  @TempDir
  Path dir;

  @BeforeEach
  void ffmpeg() {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
  }

  @Test
  void theTagsGiveTheSegmentsClockAndMasterThatTheDemuxerPathGives() throws Exception {
    Path flv = flv("both.flv", "-c:v", "libx264", "-bf", "2", "-c:a", "aac");
    Path demuxed = dir.resolve("demuxed");
    AtomicReference<HlsRemuxer.Origin> demuxedOrigin = new AtomicReference<>();
    try (InputStream in = Files.newInputStream(flv)) {
      assertNull(HlsRemuxer.run("demuxed", in, demuxed, SETTINGS, () -> false, demuxedOrigin::set));
    }
    Path muxed = dir.resolve("muxed");
    AtomicReference<HlsRemuxer.Origin> muxedOrigin = new AtomicReference<>();
    FlvTagMuxer muxer = new FlvTagMuxer("muxed", muxed, SETTINGS, 1 << 20, muxedOrigin::set);
    feed(muxer, FlvTagReader.read(Files.readAllBytes(flv)));
    assertNull(muxer.finish());
    assertEquals(0, muxer.skippedTags());

    assertEquals(demuxedOrigin.get(), muxedOrigin.get());
    List<String> segments = segments(muxed);
    assertEquals(segments(demuxed), segments);
    assertTrue(segments.size() >= 3, segments::toString);
    for (String segment : segments) {
      assertEquals(TsTimestamps.firstPts(Files.readAllBytes(demuxed.resolve(segment))),
          TsTimestamps.firstPts(Files.readAllBytes(muxed.resolve(segment))), segment);
    }
    List<Double> muxedDurations = durations(muxed);
    List<Double> demuxedDurations = durations(demuxed);
    for (int i = 0; i < segments.size(); i++) {
      assertEquals(demuxedDurations.get(i), muxedDurations.get(i), 0.07, "EXTINF of " + segments.get(i));
    }
    assertEquals(withoutBandwidth(demuxed), withoutBandwidth(muxed));
    String streams = FfmpegChecks.run("ffprobe", "-v", "error", "-show_entries",
        "stream=codec_type,codec_name,width,height", "-of", "csv=p=0", muxed.resolve(HlsFolder.MASTER).toString());
    assertTrue(streams.contains("h264,video,320,240") && streams.contains("aac,audio"), streams);
  }

  @Test
  void badTagsAreSkippedCountedAndTheOutputGoesOn() throws Exception {
    List<FlvTag> tags = new ArrayList<>(FlvTagReader.read(Files.readAllBytes(
        flv("bad.flv", "-c:v", "libx264", "-c:a", "aac"))));
    int at = tags.size() / 2;
    long time = tags.get(at).timestampMs();
    tags.add(at, new FlvTag(FlvTag.VIDEO, time, new byte[] {0x22, 1, 0, 0, 0, 9, 9})); // CodecID 2
    tags.add(at, new FlvTag(FlvTag.VIDEO, time, new byte[] {0x17, 1})); // truncated AVC header
    tags.add(at, new FlvTag(FlvTag.VIDEO, time, new byte[300_000])); // oversize
    tags.add(at, FlvWriter.videoTag(time + 1, 0, false, 1, new byte[] {0, 0, 0, 7, 0x41})); // NAL past the end
    tags.add(at, FlvWriter.videoTag(0, 0, false, 1, new byte[] {0, 0, 0, 1, 0x41})); // back in time
    tags.add(at, FlvWriter.videoTag(time, 0, true, 0, new byte[] {9, 9, 9})); // garbage sequence header
    tags.add(at, new FlvTag(FlvTag.AUDIO, time, new byte[] {(byte) 0xAF, 5, 1})); // AACPacketType 5
    Path out = dir.resolve("bad");
    FlvTagMuxer muxer = new FlvTagMuxer("bad", out, SETTINGS, 200_000, origin -> {});
    feed(muxer, tags);
    assertNull(muxer.failure());
    assertNull(muxer.finish());
    assertEquals(7, muxer.skippedTags());
    assertTrue(segments(out).size() >= 3, segments(out)::toString);
    double seconds = Double.parseDouble(FfmpegChecks.run("ffprobe", "-v", "error", "-show_entries",
        "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", out.resolve(HlsFolder.MASTER).toString())
        .strip().lines().reduce((a, b) -> b).orElseThrow());
    assertEquals(7.0, seconds, 1.0);
  }

  @Test
  void anAudioOnlyAndAVideoOnlyStreamEachGetAnOutputOfTheirTrack() throws Exception {
    String audioOnly = muxAlone("audio.flv", true, false, "-vn", "-c:a", "aac");
    assertTrue(audioOnly.contains("CODECS=\"mp4a.40.2\"") && !audioOnly.contains("RESOLUTION"), audioOnly);
    String videoOnly = muxAlone("video.flv", false, true, "-an", "-c:v", "libx264");
    assertTrue(videoOnly.contains("CODECS=\"avc1.") && !videoOnly.contains("mp4a")
        && videoOnly.contains("RESOLUTION=320x240"), videoOnly);
  }

  private String muxAlone(String name, boolean audio, boolean video, String... codecs) throws Exception {
    Path out = dir.resolve(name + ".hls");
    FlvTagMuxer muxer = new FlvTagMuxer(name, out, SETTINGS, 1 << 20, origin -> {});
    muxer.expect(audio, video);
    feed(muxer, FlvTagReader.read(Files.readAllBytes(flv(name, codecs))));
    assertNull(muxer.finish());
    assertTrue(segments(out).size() >= 3, segments(out)::toString);
    return Files.readString(out.resolve(HlsFolder.MASTER));
  }

  @Test
  void aDeclaredTrackThatNeverSendsItsHeaderIsAwaitedOnlyAsLongAsTheDemuxerProbed() throws Exception {
    List<FlvTag> videoOnly = FlvTagReader.read(Files.readAllBytes(flv("both.flv", "-c:v", "libx264", "-c:a", "aac")))
        .stream().filter(FlvTag::isVideo).toList();
    Path out = dir.resolve("late");
    AtomicReference<HlsRemuxer.Origin> origin = new AtomicReference<>();
    FlvTagMuxer muxer = new FlvTagMuxer("late", out, SETTINGS, 1 << 20, origin::set);
    muxer.expect(true, true);
    long openedAt = -1;
    for (FlvTag tag : videoOnly) {
      muxer.tag(tag.type(), tag.timestampMs(), tag.body(), 0, tag.body().length);
      if (openedAt < 0 && Files.isDirectory(out)) { // the output creates its folder as it opens
        openedAt = tag.timestampMs();
      }
    }
    assertNull(muxer.finish());
    assertTrue(openedAt >= 5_000 + FlvTagMuxer.PROBE_MS - 100 && openedAt <= 5_000 + FlvTagMuxer.PROBE_MS + 200,
        "opened at " + openedAt + " ms");
    assertEquals(HlsRemuxer.Origin.NONE, origin.get().firstAudioMs());
    assertEquals(5_000, origin.get().firstVideoMs(), "the frames that waited are written");
    assertFalse(Files.readString(out.resolve(HlsFolder.MASTER)).contains("mp4a"));
  }

  @Test
  void aPublisherThatComesBackWithAnotherPictureSizeGoesOnInTheSameOutput() throws Exception {
    List<FlvTag> first = FlvTagReader.read(Files.readAllBytes(flv("both.flv", "-c:v", "libx264", "-c:a", "aac")));
    List<String> small = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
        "testsrc=size=160x120:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "5",
        "-g", "15", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-c:v", "libx264", "-c:a", "aac", "-f", "flv",
        dir.resolve("small.flv").toString()));
    FfmpegChecks.run(small.toArray(String[]::new));
    Path out = dir.resolve("resized");
    FlvTagMuxer muxer = new FlvTagMuxer("resized", out, SETTINGS, 1 << 20, origin -> {});
    feed(muxer, first);
    long offset = first.stream().mapToLong(FlvTag::timestampMs).max().orElseThrow() + 40;
    for (FlvTag tag : FlvTagReader.read(Files.readAllBytes(dir.resolve("small.flv")))) {
      muxer.tag(tag.type(), tag.timestampMs() + offset, tag.body(), 0, tag.body().length);
    }
    assertNull(muxer.finish());
    assertEquals(0, muxer.skippedTags());
    List<String> segments = segments(out);
    String last = FfmpegChecks.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "stream=width,height", "-of", "csv=p=0", out.resolve(segments.get(segments.size() - 1)).toString());
    assertEquals("160,120", last.strip().lines().findFirst().orElseThrow(), "the new SPS goes with the frames after it");
    String firstSegment = FfmpegChecks.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "stream=width,height", "-of", "csv=p=0", out.resolve(segments.get(0)).toString());
    assertEquals("320,240", firstSegment.strip().lines().findFirst().orElseThrow());
  }

  @Test
  void aMuxerThatCannotWriteStopsTheOutputSayingWhy() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    FlvTagMuxer muxer = new FlvTagMuxer("nowhere", notADirectory.resolve("hls"), SETTINGS, 1 << 20, origin -> {});
    feed(muxer, FlvTagReader.read(Files.readAllBytes(flv("both.flv", "-c:v", "libx264", "-c:a", "aac"))));
    assertNotNull(muxer.failure());
    assertTrue(muxer.failure().startsWith("HLS output stopped: "), muxer.failure());
    assertEquals(muxer.failure(), muxer.finish());
  }

  @Test
  void aStreamThatEndsBeforeAnySequenceHeaderHasNoOutput() {
    FlvTagMuxer muxer = new FlvTagMuxer("empty", dir.resolve("empty"), SETTINGS, 1 << 20, origin -> {});
    String failure = muxer.finish();
    assertTrue(failure != null && failure.startsWith("HLS output stopped: "), failure);
    assertFalse(Files.exists(dir.resolve("empty").resolve(HlsFolder.MEDIA)));
  }

  /** Seven seconds from 5 s of stream time (as after a reconnect offset), a keyframe every second. */
  private Path flv(String name, String... codecs) throws Exception {
    Path flv = dir.resolve(name);
    if (Files.exists(flv)) {
      return flv;
    }
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
        "testsrc=size=320x240:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "7",
        "-g", "15", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-output_ts_offset", "5"));
    command.addAll(List.of(codecs));
    command.addAll(List.of("-f", "flv", flv.toString()));
    FfmpegChecks.run(command.toArray(String[]::new));
    return flv;
  }

  private static void feed(FlvTagMuxer muxer, List<FlvTag> tags) {
    for (FlvTag tag : tags) {
      muxer.tag(tag.type(), tag.timestampMs(), tag.body(), 0, tag.body().length);
    }
  }

  private static List<String> segments(Path out) throws Exception {
    return Files.readAllLines(out.resolve(HlsFolder.MEDIA)).stream().filter(l -> l.endsWith(".ts")).toList();
  }

  private static List<Double> durations(Path out) throws Exception {
    return Files.readAllLines(out.resolve(HlsFolder.MEDIA)).stream().filter(l -> l.startsWith("#EXTINF:"))
        .map(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).toList();
  }

  private static String withoutBandwidth(Path out) throws Exception {
    return Files.readString(out.resolve(HlsFolder.MASTER)).replaceAll("BANDWIDTH=\\d+,", "");
  }
}
