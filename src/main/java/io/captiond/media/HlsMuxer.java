package io.captiond.media;

import java.io.IOException;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's HLS muxer on copies of an input's first video and first audio track, fed that input's packets
 * unchanged but for their times (rescaled to the muxer's clock). What JavaCV's recorder does for a remux
 * ({@code start(AVFormatContext)}, {@code recordPacket}), in plain libavformat calls: the recorder also
 * allocates an encoder context per track that copying never opens, and the AAC encoder's is ~0.5 MB,
 * zeroed and so resident, for every stream. Not thread-safe.
 */
final class HlsMuxer implements AutoCloseable {

  private static final int ROUND = avutil.AV_ROUND_NEAR_INF | avutil.AV_ROUND_PASS_MINMAX;
  /**
   * The video's frame rate when the input does not know it (an RTMP publish: no probing), as the recorder
   * assumed it: the HLS muxer times a segment's first packet without a duration by it, which shows in the
   * last segment's EXTINF of an ended stream.
   */
  private static final AVRational UNKNOWN_FRAME_RATE = avutil.av_make_q(30, 1);

  static {
    FfmpegLibraries.load();
  }

  private final AVFormatContext input;
  private final AVFormatContext output;
  /** Per input stream, the output stream its packets go to, or -1. */
  private final int[] outputOf;
  private boolean closed;

  private HlsMuxer(AVFormatContext input, AVFormatContext output, int[] outputOf) {
    this.input = input;
    this.output = output;
    this.outputOf = outputOf;
  }

  /**
   * Opens the muxer on {@code input}'s first video track (when it has a picture size) and first audio track
   * (when it has a rate and channels), in that order, and writes the header.
   *
   * @param playlist the media playlist's path; the muxer's options name the segments
   */
  static HlsMuxer open(AVFormatContext input, String playlist, Map<String, String> options) throws IOException {
    AVFormatContext output = new AVFormatContext(null);
    check(avformat.avformat_alloc_output_context2(output, (AVOutputFormat) null, "hls", playlist),
        "cannot allocate the HLS muxer");
    int[] outputOf = new int[input.nb_streams()];
    java.util.Arrays.fill(outputOf, -1);
    HlsMuxer muxer = new HlsMuxer(input, output, outputOf);
    try {
      muxer.addTrack(HlsOutput.trackIndex(input, avutil.AVMEDIA_TYPE_VIDEO));
      muxer.addTrack(HlsOutput.trackIndex(input, avutil.AVMEDIA_TYPE_AUDIO));
      AVDictionary dictionary = new AVDictionary(null);
      options.forEach((key, value) -> avutil.av_dict_set(dictionary, key, value, 0));
      int written = avformat.avformat_write_header(output, dictionary);
      avutil.av_dict_free(dictionary);
      check(written, "cannot write the HLS header to " + playlist);
    } catch (IOException | RuntimeException e) {
      avformat.avformat_free_context(output);
      muxer.closed = true;
      throw e;
    }
    return muxer;
  }

  private void addTrack(int index) throws IOException {
    if (index < 0 || !copyable(input.streams(index))) {
      return;
    }
    AVStream in = input.streams(index);
    AVStream out = avformat.avformat_new_stream(output, (AVCodec) null);
    if (out == null) {
      throw new IOException("cannot add a stream to the HLS muxer");
    }
    check(avcodec.avcodec_parameters_copy(out.codecpar(), in.codecpar()), "cannot copy a track's parameters");
    out.time_base(in.time_base());
    if (in.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
      out.avg_frame_rate(in.r_frame_rate().den() != 0 ? in.r_frame_rate() : UNKNOWN_FRAME_RATE);
    }
    outputOf[index] = out.index();
  }

  /** As the recorder took a track: video with a picture size, audio with channels and a rate. */
  private static boolean copyable(AVStream stream) {
    var parameters = stream.codecpar();
    return parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO
        ? parameters.width() > 0 && parameters.height() > 0
        : parameters.ch_layout().nb_channels() > 0 && parameters.sample_rate() > 0;
  }

  /** Writes one packet of the input's stream {@code packet.stream_index()} (the muxer takes its data). */
  void write(AVPacket packet) throws IOException {
    int target = outputOf[packet.stream_index()];
    if (target < 0) {
      avcodec.av_packet_unref(packet);
      return;
    }
    var from = input.streams(packet.stream_index()).time_base();
    var to = output.streams(target).time_base();
    packet.stream_index(target);
    packet.pos(-1);
    packet.duration(avutil.av_rescale_q(packet.duration(), from, to));
    packet.pts(avutil.av_rescale_q_rnd(packet.pts(), from, to, ROUND));
    packet.dts(avutil.av_rescale_q_rnd(packet.dts(), from, to, ROUND));
    int written = avformat.av_interleaved_write_frame(output, packet);
    if (written < 0) {
      avcodec.av_packet_unref(packet);
      throw new IOException("cannot write a packet to the HLS muxer: " + errorText(written));
    }
  }

  /** Flushes what the interleaving holds, writes the trailer (the playlist's #EXT-X-ENDLIST) and frees the muxer. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      avformat.av_interleaved_write_frame(output, null);
      check(avformat.av_write_trailer(output), "cannot write the HLS trailer");
    } finally {
      avformat.avformat_free_context(output);
    }
  }

  private static void check(int result, String what) throws IOException {
    if (result < 0) {
      throw new IOException(what + ": " + errorText(result));
    }
  }

  private static String errorText(int error) {
    BytePointer text = new BytePointer(256);
    avutil.av_strerror(error, text, 256);
    return text.getString() + " (" + error + ")";
  }
}
