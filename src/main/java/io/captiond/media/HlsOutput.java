package io.captiond.media;

import io.captiond.media.hls.HlsFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The muxing half of every HLS remux, whatever reads the input: FFmpeg's HLS muxer on MPEG-TS segments
 * ({@link HlsMuxer}, packets copied) on the streams an input format context describes, the
 * folder an earlier run left continued ({@link RemuxContinuation}), and, once a segment's worth of media
 * has passed, the master playlist ({@link HlsMaster}) and the output's {@link HlsRemuxer.Origin}.
 * Not thread-safe: one caller at a time.
 */
final class HlsOutput implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(HlsOutput.class.getName());
  private static final AVRational MILLIS = avutil.av_make_q(1, 1000);

  private final AVFormatContext input;
  private final HlsMuxer muxer;
  private final Path dir;
  private final HlsRemuxer.Settings settings;
  private final Consumer<HlsRemuxer.Origin> onOrigin;
  private final PlaylistWatch playlistWatch;
  private final int videoStream;
  private long firstMs = Long.MIN_VALUE;
  private long firstVideoMs = HlsRemuxer.Origin.NONE;
  private long firstAudioMs = HlsRemuxer.Origin.NONE;
  private long bytes;
  private boolean masterWritten;

  private HlsOutput(AVFormatContext input, HlsMuxer muxer, Path dir, HlsRemuxer.Settings settings,
      Consumer<HlsRemuxer.Origin> onOrigin, PlaylistWatch playlistWatch) {
    this.input = input;
    this.muxer = muxer;
    this.dir = dir;
    this.settings = settings;
    this.onOrigin = onOrigin;
    this.playlistWatch = playlistWatch;
    this.videoStream = trackIndex(input, avutil.AVMEDIA_TYPE_VIDEO);
  }

  /** Opens the muxer in {@code dir} on {@code input}'s streams (its first video and first audio track). */
  static HlsOutput open(String streamId, AVFormatContext input, Path dir, HlsRemuxer.Settings settings,
      Consumer<HlsRemuxer.Origin> onOrigin) throws IOException {
    Files.createDirectories(dir);
    boolean continues = RemuxContinuation.prepare(dir, settings.playlist());
    AVCodecParameters video = track(input, avutil.AVMEDIA_TYPE_VIDEO);
    AVCodecParameters audio = track(input, avutil.AVMEDIA_TYPE_AUDIO);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("hls_time", Integer.toString(settings.segmentSeconds()));
    options.put("hls_list_size", Integer.toString(settings.windowSegments()));
    options.put("hls_delete_threshold", Integer.toString(settings.deleteThreshold()));
    // append_list: after a restart the playlist goes on (RemuxContinuation); only then, as FFmpeg marks
    // the first segment it writes with EXT-X-DISCONTINUITY whenever the flag is set. No temp_file: a segment is
    // written under its own name (no playlist lists it until it is whole; a rename per segment saved), while a
    // live playlist is always written to a temporary file and renamed (PlaylistInodes reuses those files).
    options.put("hls_flags", "delete_segments+independent_segments" + (continues ? "+append_list" : ""));
    options.put("hls_segment_type", "mpegts");
    options.put("hls_segment_filename", dir.resolve(HlsFolder.SEGMENT_TEMPLATE).toString());
    HlsMuxer muxer = HlsMuxer.open(input, dir.resolve(settings.playlist()).toString(), options);
    LOG.info(() -> "stream " + streamId + ": HLS out to " + dir + " ("
        + (video != null ? video.width() + "x" + video.height() + " " + codecName(video) : "no video")
        + (audio != null ? ", " + codecName(audio) : ", no audio") + ")");
    PlaylistWatch watch = new PlaylistWatch(dir.resolve(settings.playlist()));
    watch.started();
    return new HlsOutput(input, muxer, dir, settings, onOrigin, watch);
  }

  /** Writes one packet of the input's stream {@code packet.stream_index()} (the muxer takes its data). */
  void write(AVPacket packet) throws IOException {
    if (!masterWritten) {
      measure(packet);
    }
    boolean mayCut = packet.stream_index() == videoStream && (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
    muxer.write(packet);
    playlistWatch.afterPacket(mayCut);
  }

  /** The input ended: a master playlist for a stream shorter than a segment. */
  void finish() throws IOException {
    if (!masterWritten) {
      masterWritten = true;
      onOrigin.accept(new HlsRemuxer.Origin(firstVideoMs, firstAudioMs));
      HlsMaster.write(dir, input, 0, settings.closedCaptions());
    }
  }

  private void measure(AVPacket packet) throws IOException {
    AVRational base = input.streams(packet.stream_index()).time_base();
    long ms = packet.dts() == avutil.AV_NOPTS_VALUE ? 0 : avutil.av_rescale_q(packet.dts(), base, MILLIS);
    long pts = packet.pts() == avutil.AV_NOPTS_VALUE ? packet.dts() : packet.pts();
    int type = input.streams(packet.stream_index()).codecpar().codec_type();
    if (pts != avutil.AV_NOPTS_VALUE) {
      long ptsMs = avutil.av_rescale_q(pts, base, MILLIS);
      if (type == avutil.AVMEDIA_TYPE_VIDEO && firstVideoMs == HlsRemuxer.Origin.NONE) {
        firstVideoMs = ptsMs;
      } else if (type == avutil.AVMEDIA_TYPE_AUDIO && firstAudioMs == HlsRemuxer.Origin.NONE) {
        firstAudioMs = ptsMs;
      }
    }
    firstMs = firstMs == Long.MIN_VALUE ? ms : firstMs;
    bytes += packet.size();
    long spanMs = ms - firstMs;
    if (spanMs >= settings.segmentSeconds() * 1000L) {
      masterWritten = true;
      onOrigin.accept(new HlsRemuxer.Origin(firstVideoMs, firstAudioMs));
      HlsMaster.write(dir, input, bytes * 8_000 / spanMs, settings.closedCaptions());
    }
  }

  /** Writes the trailer: the playlist gets #EXT-X-ENDLIST. */
  @Override
  public void close() {
    try {
      muxer.close();
    } catch (IOException | RuntimeException e) {
      LOG.fine(() -> "closing the HLS muxer: " + e.getMessage());
    }
    playlistWatch.close();
  }

  private static AVCodecParameters track(AVFormatContext input, int type) {
    int index = trackIndex(input, type);
    return index < 0 ? null : input.streams(index).codecpar();
  }

  static int trackIndex(AVFormatContext input, int type) {
    for (int i = 0; i < input.nb_streams(); i++) {
      if (input.streams(i).codecpar().codec_type() == type) {
        return i;
      }
    }
    return -1;
  }

  private static String codecName(AVCodecParameters parameters) {
    return avcodec.avcodec_get_name(parameters.codec_id()).getString();
  }
}
