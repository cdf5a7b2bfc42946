package io.captiond.media;

import io.captiond.files.AtomicFiles;
import io.captiond.media.hls.HlsFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Re-publishes a live FLV byte stream (AAC + H.264 as the publisher sent them) as live HLS without
 * transcoding: FFmpeg's HLS muxer on MPEG-TS segments, packets copied ({@code grabPacket} →
 * {@code recordPacket}). Writes the files {@link HlsFolder} names: {@code index.m3u8}, {@code seg<N>.ts} and, once a segment's worth
 * of media has passed, {@code master.m3u8} naming the media playlist with CODECS, BANDWIDTH and
 * RESOLUTION. A folder an earlier run left a playlist in is continued ({@link RemuxContinuation}).
 * Blocking: {@link #run} occupies its thread until the stream ends.
 */
public final class HlsRemuxer {

  /**
   * @param segmentSeconds target segment duration (segments cut at keyframes)
   * @param windowSegments segments listed in the live playlist; older ones are deleted
   * @param held the served media playlist is held for its subtitles (synced mode): the muxer writes
   *     {@link HlsFolder#REMUXED} instead, and keeps a window's worth more segments for the held list
   * @param closedCaptions the video carries CEA-608 CC1 ({@code hls_out.embedded_captions}): the
   *     master playlist declares it
   */
  public record Settings(int segmentSeconds, int windowSegments, boolean held, boolean closedCaptions) {

    public Settings(int segmentSeconds, int windowSegments) {
      this(segmentSeconds, windowSegments, false);
    }

    public Settings(int segmentSeconds, int windowSegments, boolean held) {
      this(segmentSeconds, windowSegments, held, false);
    }

    /** The media playlist the muxer writes. */
    public String playlist() {
      return held ? HlsFolder.REMUXED : HlsFolder.MEDIA;
    }

    /** Segments kept after they leave the muxer's list; a held list runs up to a window behind it. */
    int deleteThreshold() {
      return held ? windowSegments + 2 : 2;
    }
  }

  /**
   * Where the output's clock starts: the input time (stream ms, as the FLV tags carry it) of the
   * first video and the first audio packet written, {@link #NONE} for a track that has none. The
   * first PES of each track in the first segment carries that packet's PTS, so the two together
   * tie stream time to the MPEG-TS clock, whatever offset the muxer adds (subtitle timestamp maps).
   */
  public record Origin(long firstVideoMs, long firstAudioMs) {
    public static final long NONE = Long.MIN_VALUE;
  }

  private static final Logger LOG = Logger.getLogger(HlsRemuxer.class.getName());

  private HlsRemuxer() {}

  /** Remuxes until end of stream; returns {@code null} then, or why it gave up. */
  public static String run(String streamId, InputStream flv, Path dir, Settings settings,
      BooleanSupplier stopped) {
    return run(streamId, flv, dir, settings, stopped, origin -> {});
  }

  /** As above; {@code onOrigin} hears, once, where the output's clock starts (on this thread). */
  public static String run(String streamId, InputStream flv, Path dir, Settings settings,
      BooleanSupplier stopped, Consumer<Origin> onOrigin) {
    return run(streamId, flv, "flv", dir, settings, stopped, onOrigin);
  }

  /** As above, from a live byte stream in another container FFmpeg demuxes ({@code mpegts}: an SRT source). */
  public static String run(String streamId, InputStream in, String format, Path dir, Settings settings,
      BooleanSupplier stopped, Consumer<Origin> onOrigin) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in, 0);
    grabber.setFormat(format);
    // Enough probing to learn both tracks and the picture size (the output needs them), bounded.
    grabber.setOption("probesize", "500000");
    grabber.setOption("analyzeduration", "2000000");
    // The grabber opens a decoder per track that copying never uses: with FFmpeg's default (one frame
    // thread per core, plus one) each stream held that many idle H.264 decoder threads and contexts.
    grabber.setVideoOption("threads", "1");
    FFmpegFrameRecorder recorder = null;
    try {
      Files.createDirectories(dir);
      boolean continues = RemuxContinuation.prepare(dir, settings.playlist());
      grabber.startUnsafe();
      recorder = new FFmpegFrameRecorder(dir.resolve(settings.playlist()).toString(), grabber.getImageWidth(),
          grabber.getImageHeight(), grabber.hasAudio() ? grabber.getAudioChannels() : 0);
      recorder.setFormat("hls");
      if (grabber.hasAudio()) {
        recorder.setSampleRate(grabber.getSampleRate());
      }
      if (grabber.hasVideo() && grabber.getFrameRate() > 0) {
        recorder.setFrameRate(grabber.getFrameRate());
      }
      recorder.setOption("hls_time", Integer.toString(settings.segmentSeconds()));
      recorder.setOption("hls_list_size", Integer.toString(settings.windowSegments()));
      recorder.setOption("hls_delete_threshold", Integer.toString(settings.deleteThreshold()));
      // append_list: after a restart the playlist goes on (RemuxContinuation); only then, as FFmpeg marks
      // the first segment it writes with EXT-X-DISCONTINUITY whenever the flag is set.
      recorder.setOption("hls_flags", "delete_segments+independent_segments+temp_file"
          + (continues ? "+append_list" : ""));
      recorder.setOption("hls_segment_type", "mpegts");
      recorder.setOption("hls_segment_filename", dir.resolve(HlsFolder.SEGMENT_TEMPLATE).toString());
      // start(context) takes JavaCV's global lock, briefly: the HLS muxer only opens local files.
      recorder.start(grabber.getFormatContext());
      LOG.info(() -> "stream " + streamId + ": HLS out to " + dir + " ("
          + (grabber.hasVideo() ? grabber.getImageWidth() + "x" + grabber.getImageHeight() + " "
          + grabber.getVideoCodecName() : "no video") + (grabber.hasAudio() ? ", "
          + grabber.getAudioCodecName() : ", no audio") + ")");
      pump(grabber, recorder, dir, settings, stopped, onOrigin);
      return null;
    } catch (IOException | RuntimeException e) {
      return stopped.getAsBoolean() ? null : "HLS output stopped: " + e.getMessage();
    } finally {
      if (recorder != null) {
        try {
          recorder.close(); // writes the trailer: the playlist gets #EXT-X-ENDLIST
        } catch (FrameRecorder.Exception | RuntimeException e) {
          LOG.fine(() -> "closing the HLS recorder: " + e.getMessage());
        }
      }
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        LOG.fine(() -> "closing the HLS grabber: " + e.getMessage());
      }
    }
  }

  private static void pump(FFmpegFrameGrabber grabber, FFmpegFrameRecorder recorder, Path dir,
      Settings settings, BooleanSupplier stopped, Consumer<Origin> onOrigin)
      throws FrameGrabber.Exception, FrameRecorder.Exception, IOException {
    AVFormatContext input = grabber.getFormatContext();
    long firstMs = Long.MIN_VALUE;
    long firstVideoMs = Origin.NONE;
    long firstAudioMs = Origin.NONE;
    long bytes = 0;
    boolean masterWritten = false;
    AVPacket packet;
    while (!stopped.getAsBoolean() && (packet = grabber.grabPacket()) != null) {
      if (!masterWritten) {
        AVRational base = input.streams(packet.stream_index()).time_base();
        long ms = packet.dts() == avutil.AV_NOPTS_VALUE ? 0
            : avutil.av_rescale_q(packet.dts(), base, avutil.av_make_q(1, 1000));
        long pts = packet.pts() == avutil.AV_NOPTS_VALUE ? packet.dts() : packet.pts();
        int type = input.streams(packet.stream_index()).codecpar().codec_type();
        if (pts != avutil.AV_NOPTS_VALUE) {
          long ptsMs = avutil.av_rescale_q(pts, base, avutil.av_make_q(1, 1000));
          if (type == avutil.AVMEDIA_TYPE_VIDEO && firstVideoMs == Origin.NONE) {
            firstVideoMs = ptsMs;
          } else if (type == avutil.AVMEDIA_TYPE_AUDIO && firstAudioMs == Origin.NONE) {
            firstAudioMs = ptsMs;
          }
        }
        firstMs = firstMs == Long.MIN_VALUE ? ms : firstMs;
        bytes += packet.size();
        long spanMs = ms - firstMs;
        if (spanMs >= settings.segmentSeconds() * 1000L) {
          onOrigin.accept(new Origin(firstVideoMs, firstAudioMs));
          writeMaster(dir, input, bytes * 8_000 / spanMs, settings.closedCaptions());
          masterWritten = true;
        }
      }
      recorder.recordPacket(packet);
    }
    if (!masterWritten) {
      onOrigin.accept(new Origin(firstVideoMs, firstAudioMs));
      writeMaster(dir, input, 0, settings.closedCaptions());
    }
  }

  /** The closed-caption group of the master playlist (RFC 8216 section 4.3.4.1, TYPE=CLOSED-CAPTIONS). */
  static final String CLOSED_CAPTIONS_GROUP = "cc";

  /**
   * RFC 8216 section 4.3.4.2: EXT-X-STREAM-INF with BANDWIDTH, CODECS, RESOLUTION when known; with
   * {@code closedCaptions}, section 4.3.4.1's {@code EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,INSTREAM-ID="CC1"}
   * and the variant's {@code CLOSED-CAPTIONS} attribute naming it.
   */
  static void writeMaster(Path dir, AVFormatContext input, long measuredBitsPerSecond, boolean closedCaptions)
      throws IOException {
    StringBuilder codecs = new StringBuilder();
    String resolution = null;
    long declared = 0;
    for (int i = 0; i < input.nb_streams(); i++) {
      AVCodecParameters parameters = input.streams(i).codecpar();
      declared += Math.max(0, parameters.bit_rate());
      String codec = codecString(parameters);
      if (codec != null) {
        codecs.append(codecs.length() == 0 ? "" : ",").append(codec);
      }
      if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && parameters.width() > 0) {
        resolution = parameters.width() + "x" + parameters.height();
      }
    }
    // Peak-ish: a tenth above what the first segment measured, or what the publisher declared.
    long bandwidth = Math.max(declared, measuredBitsPerSecond * 11 / 10);
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    if (closedCaptions) {
      text.append(closedCaptionsMedia());
    }
    text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(bandwidth, 1));
    if (codecs.length() > 0) {
      text.append(",CODECS=\"").append(codecs).append('"');
    }
    if (resolution != null) {
      text.append(",RESOLUTION=").append(resolution);
    }
    if (closedCaptions) {
      text.append(",CLOSED-CAPTIONS=\"").append(CLOSED_CAPTIONS_GROUP).append('"');
    }
    text.append('\n').append(HlsFolder.MEDIA).append('\n');
    AtomicFiles.replace(dir.resolve(HlsFolder.MASTER), text);
  }

  /** The EXT-X-MEDIA line of the embedded CEA-608 channel 1. */
  static String closedCaptionsMedia() {
    return "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"" + CLOSED_CAPTIONS_GROUP
        + "\",NAME=\"CC1\",DEFAULT=YES,AUTOSELECT=YES,INSTREAM-ID=\"CC1\"\n";
  }

  /** RFC 6381 codec strings: avc1.PPCCLL from the avcC record, mp4a.40.N from the AudioSpecificConfig. */
  static String codecString(AVCodecParameters parameters) {
    byte[] extra = new byte[Math.max(0, parameters.extradata_size())];
    if (extra.length > 0 && parameters.extradata() != null) {
      parameters.extradata().get(extra);
    }
    int id = parameters.codec_id();
    if (id == org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264) {
      return extra.length >= 4 && extra[0] == 1
          ? String.format("avc1.%02x%02x%02x", extra[1] & 0xFF, extra[2] & 0xFF, extra[3] & 0xFF)
          : "avc1.640028";
    }
    if (id == org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC) {
      int objectType = extra.length >= 1 ? (extra[0] & 0xFF) >>> 3 : 2;
      return "mp4a.40." + (objectType == 0 ? 2 : objectType);
    }
    return null;
  }
}
