package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.hls.HlsFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HLS muxer against what it replaced, JavaCV's recorder driven as {@link HlsOutput} drove it (one per
 * stream cost ~0.5 MB of encoder contexts it never opened): the same files, byte for byte, for a demuxed
 * FLV and for tracks whose frame rate nobody knows, as an RTMP publish's are.
 */
class HlsMuxerTest {

  private static final Map<String, String> OPTIONS = Map.of("hls_time", "2", "hls_list_size", "100",
      "hls_delete_threshold", "2", "hls_flags", "delete_segments+independent_segments+temp_file",
      "hls_segment_type", "mpegts");

  @TempDir
  Path dir;

  @BeforeEach
  void ffmpeg() {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
  }

  @Test
  void aDemuxedStreamGivesTheRecordersFiles() throws Exception {
    Path flv = flv();
    remux(flv, dir.resolve("recorder"), false, HlsMuxerTest::recorder);
    remux(flv, dir.resolve("muxer"), false, HlsMuxerTest::muxer);
    assertSameFiles(dir.resolve("recorder"), dir.resolve("muxer"));
  }

  @Test
  void tracksWithoutAFrameRateGiveTheRecordersFiles() throws Exception {
    Path flv = flv();
    remux(flv, dir.resolve("recorder"), true, HlsMuxerTest::recorder);
    remux(flv, dir.resolve("muxer"), true, HlsMuxerTest::muxer);
    assertSameFiles(dir.resolve("recorder"), dir.resolve("muxer"));
  }

  private interface Sink {
    Writer open(AVFormatContext input, Path out) throws Exception;
  }

  private interface Writer {
    void write(AVPacket packet) throws Exception;

    void close() throws Exception;
  }

  /**
   * Demuxes {@code flv} into a sink; {@code asRtmp}: no frame rate on the tracks and no duration on each
   * track's first packet, as {@link FlvTrackInput} and {@link FlvTagMuxer} give them.
   */
  private static void remux(Path flv, Path out, boolean asRtmp, Sink sink) throws Exception {
    Files.createDirectories(out);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(flv.toFile())) {
      grabber.start();
      AVFormatContext input = grabber.getFormatContext();
      boolean[] seen = new boolean[input.nb_streams()];
      if (asRtmp) {
        for (int i = 0; i < input.nb_streams(); i++) {
          input.streams(i).r_frame_rate(avutil.av_make_q(0, 0));
        }
      }
      Writer writer = sink.open(input, out);
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        if (asRtmp && !seen[packet.stream_index()]) {
          seen[packet.stream_index()] = true;
          packet.duration(0);
        }
        writer.write(packet);
      }
      writer.close();
    }
  }

  private static Writer muxer(AVFormatContext input, Path out) throws Exception {
    HlsMuxer muxer = HlsMuxer.open(input, out.resolve(HlsFolder.MEDIA).toString(), options(out));
    return new Writer() {
      @Override
      public void write(AVPacket packet) throws Exception {
        muxer.write(packet);
      }

      @Override
      public void close() throws Exception {
        muxer.close();
      }
    };
  }

  /** As HlsOutput drove the recorder before HlsMuxer. */
  private static Writer recorder(AVFormatContext input, Path out) throws Exception {
    var video = input.streams(HlsOutput.trackIndex(input, avutil.AVMEDIA_TYPE_VIDEO)).codecpar();
    var audio = input.streams(HlsOutput.trackIndex(input, avutil.AVMEDIA_TYPE_AUDIO)).codecpar();
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.resolve(HlsFolder.MEDIA).toString(),
        video.width(), video.height(), audio.ch_layout().nb_channels());
    recorder.setFormat("hls");
    recorder.setSampleRate(audio.sample_rate());
    options(out).forEach(recorder::setOption);
    recorder.start(input);
    return new Writer() {
      @Override
      public void write(AVPacket packet) throws Exception {
        recorder.recordPacket(packet);
      }

      @Override
      public void close() throws Exception {
        recorder.close();
      }
    };
  }

  private static Map<String, String> options(Path out) {
    var options = new java.util.HashMap<>(OPTIONS);
    options.put("hls_segment_filename", out.resolve(HlsFolder.SEGMENT_TEMPLATE).toString());
    return options;
  }

  private static void assertSameFiles(Path expected, Path actual) throws Exception {
    List<String> names = names(expected);
    assertEquals(names, names(actual));
    assertTrue(names.stream().filter(n -> n.endsWith(".ts")).count() >= 3, names::toString);
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)), name);
    }
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private Path flv() throws Exception {
    Path flv = dir.resolve("in.flv");
    FfmpegChecks.run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "7", "-g", "50", "-pix_fmt", "yuv420p",
        "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-c:a", "aac", "-ac", "2", "-f", "flv", flv.toString());
    return flv;
  }
}
