package io.captiond.media;

import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * The tracks of an RTMP publish as FFmpeg's FLV demuxer would describe them, built from their sequence
 * headers instead of probing: an input format context with a video stream (H.264, the avcC as extradata,
 * the SPS's picture size) and an audio stream (AAC, the AudioSpecificConfig as extradata, its rate and
 * channels), both in milliseconds (time base 1/1000). Keeps per track what a packet needs: the checks a
 * frame must pass, its duration (the time since the track's previous frame) and a configuration that
 * changed after the output opened ({@code AV_PKT_DATA_NEW_EXTRADATA} on the next frame, as the demuxer
 * queues it). Not thread-safe.
 */
final class FlvTrackInput implements AutoCloseable {

  private static final int VIDEO = 0;
  private static final int AUDIO = 1;

  private final byte[][] configs = new byte[2][];
  private final byte[][] changed = new byte[2][];
  private final long[] lastDts = {Long.MIN_VALUE, Long.MIN_VALUE};
  private final int[] index = {-1, -1};
  private AvcConfig video;
  private AacConfig audio;
  private AVFormatContext context;

  /** Takes a sequence header ({@code read} of kind AUDIO_CONFIG or VIDEO_CONFIG); throws when it does not parse. */
  void configure(FlvPacket read, byte[] buffer) {
    boolean isVideo = read.kind() == FlvPacket.Kind.VIDEO_CONFIG;
    int track = isVideo ? VIDEO : AUDIO;
    if (isVideo) {
      AvcConfig parsed = AvcConfig.parse(buffer, read.offset(), read.length());
      video = parsed;
      remember(track, parsed.extradata());
    } else {
      AacConfig parsed = AacConfig.parse(buffer, read.offset(), read.length());
      audio = parsed;
      remember(track, parsed.extradata());
    }
  }

  private void remember(int track, byte[] extradata) {
    if (context != null && index[track] >= 0 && !Arrays.equals(configs[track], extradata)) {
      changed[track] = extradata;
    }
    configs[track] = extradata;
  }

  boolean configured(FlvPacket.Kind kind) {
    return kind == FlvPacket.Kind.VIDEO ? video != null : audio != null;
  }

  boolean any() {
    return video != null || audio != null;
  }

  /** The input format context on the tracks configured now (freed by {@link #close}). */
  AVFormatContext build() {
    context = avformat.avformat_alloc_context();
    if (video != null) {
      AVCodecParameters p = stream(VIDEO, avutil.AVMEDIA_TYPE_VIDEO, avcodec.AV_CODEC_ID_H264, video.extradata());
      p.width(video.width());
      p.height(video.height());
      p.format(avutil.AV_PIX_FMT_YUV420P);
    }
    if (audio != null) {
      AVCodecParameters p = stream(AUDIO, avutil.AVMEDIA_TYPE_AUDIO, avcodec.AV_CODEC_ID_AAC, audio.extradata());
      p.sample_rate(audio.sampleRate());
      avutil.av_channel_layout_default(p.ch_layout(), audio.channels());
      p.format(avutil.AV_SAMPLE_FMT_FLTP);
    }
    return context;
  }

  private AVCodecParameters stream(int track, int type, int codec, byte[] extradata) {
    AVStream stream = avformat.avformat_new_stream(context, (org.bytedeco.ffmpeg.avcodec.AVCodec) null);
    stream.time_base(avutil.av_make_q(1, 1000));
    index[track] = stream.index();
    AVCodecParameters p = stream.codecpar();
    p.codec_type(type);
    p.codec_id(codec);
    BytePointer extra = new BytePointer(avutil.av_mallocz(extradata.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
    extra.put(extradata);
    p.extradata(extra);
    p.extradata_size(extradata.length);
    return p;
  }

  /** The input stream of a frame's track, or -1 when the output opened without it. */
  int streamIndex(FlvPacket.Kind kind) {
    return index[kind == FlvPacket.Kind.VIDEO ? VIDEO : AUDIO];
  }

  /** Why the muxer must not get this frame (it would fail the whole output), or null. */
  String check(FlvPacket read, byte[] buffer) {
    int track = read.kind() == FlvPacket.Kind.VIDEO ? VIDEO : AUDIO;
    if (lastDts[track] != Long.MIN_VALUE && read.dtsMs() <= lastDts[track]) {
      return "a frame at " + read.dtsMs() + " ms, not after the track's previous one at " + lastDts[track] + " ms";
    }
    if (read.ptsMs() < read.dtsMs()) {
      return "a frame presented at " + read.ptsMs() + " ms, before its decode time " + read.dtsMs() + " ms";
    }
    if (track == VIDEO && video != null && !video.wholeNalUnits(buffer, read.offset(), read.length())) {
      return "an AVC frame of " + read.length() + " bytes that is not whole NAL units behind "
          + video.nalLengthSize() + "-byte lengths";
    }
    return null;
  }

  /** The frame's duration in ms: the time since its track's previous frame (0 for the first). */
  long duration(FlvPacket read) {
    int track = read.kind() == FlvPacket.Kind.VIDEO ? VIDEO : AUDIO;
    long previous = lastDts[track];
    lastDts[track] = read.dtsMs();
    return previous == Long.MIN_VALUE ? 0 : read.dtsMs() - previous;
  }

  /** A configuration that changed since the output opened goes with the track's next frame. */
  void attachNewConfig(FlvPacket.Kind kind, AVPacket packet) {
    int track = kind == FlvPacket.Kind.VIDEO ? VIDEO : AUDIO;
    byte[] extradata = changed[track];
    if (extradata == null) {
      return;
    }
    changed[track] = null;
    BytePointer side = avcodec.av_packet_new_side_data(packet, avcodec.AV_PKT_DATA_NEW_EXTRADATA, extradata.length);
    if (side != null && !side.isNull()) {
      side.capacity(extradata.length).put(extradata);
    }
  }

  @Override
  public void close() {
    if (context != null) {
      avformat.avformat_free_context(context);
      context = null;
    }
  }
}
