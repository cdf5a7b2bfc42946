package io.captiond.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One stream's AAC decoder, fed the raw frames of FLV audio tags (no demuxer, no pipe, no thread of
 * its own): FFmpeg's AAC decoder opened on the AudioSpecificConfig, then {@code avcodec_send_packet} /
 * {@code avcodec_receive_frame} per frame and swresample to 16 kHz mono s16. Not thread-safe: one
 * caller at a time (a stream's {@link SerialLane}).
 *
 * <p>Audio of more than one channel is mixed down to mono by a resampler of its own before the one that
 * changes the rate: given stereo in and mono out, swresample filters every input channel and mixes after
 * (its choice of {@code resample_first}), so the rate filter, the costly part, ran twice. Mixing and
 * filtering are both linear: the order changes the samples by rounding only.
 */
public final class AacDecoder implements AutoCloseable {

  static {
    FfmpegLibraries.load();
  }

  /** AVERROR(EAGAIN) on Linux: the decoder wants the next packet. */
  private static final int AGAIN = -11;

  private final AVCodecContext codec;
  private final AVPacket packet = avcodec.av_packet_alloc();
  private final AVFrame frame = avutil.av_frame_alloc();
  private final PointerPointer<BytePointer> out = new PointerPointer<>(1);
  private SwrContext resampler;
  /** Multichannel input: to mono float at the input rate, before the resampler (null for mono input). */
  private SwrContext mixer;
  private final PointerPointer<BytePointer> mixed = new PointerPointer<>(1);
  private BytePointer mixBuffer;
  private int mixCapacity;
  private int resamplerFormat = -1;
  private int resamplerRate = -1;
  private int resamplerChannels = -1;
  private BytePointer outBuffer;
  /** outBuffer seen from Java, made once per buffer: a view per frame cost a JNI call and two objects. */
  private java.nio.ShortBuffer outSamples;
  private int outCapacity;
  private boolean closed;

  /** Opens the decoder on an AudioSpecificConfig (ISO 14496-3 1.6.2.1), the FLV AAC sequence header's body. */
  public AacDecoder(byte[] audioSpecificConfig) {
    AVCodec aac = avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_AAC);
    codec = avcodec.avcodec_alloc_context3(aac);
    BytePointer extra = new BytePointer(avutil.av_mallocz(
        audioSpecificConfig.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
    extra.put(audioSpecificConfig);
    codec.extradata(extra);
    codec.extradata_size(audioSpecificConfig.length);
    int error = avcodec.avcodec_open2(codec, aac, (AVDictionary) null);
    if (error < 0) {
      close();
      throw new MediaDecodeException("the AAC decoder refused the AudioSpecificConfig ("
          + audioSpecificConfig.length + " bytes): " + errorText(error));
    }
  }

  /**
   * Decodes one raw AAC frame ({@code length} bytes of {@code data} from {@code offset}) to 16 kHz mono
   * samples; empty while the decoder and resampler still hold them back.
   *
   * @throws MediaDecodeException when FFmpeg cannot decode it (the decoder stays usable)
   */
  public short[] decode(byte[] data, int offset, int length) {
    if (avcodec.av_new_packet(packet, length) < 0) {
      throw new MediaDecodeException("cannot allocate a packet of " + length + " bytes");
    }
    packet.data().put(data, offset, length);
    int sent = avcodec.avcodec_send_packet(codec, packet);
    avcodec.av_packet_unref(packet);
    if (sent < 0) {
      throw new MediaDecodeException("cannot decode an AAC frame of " + length + " bytes: " + errorText(sent));
    }
    short[] samples = new short[0];
    int received;
    while ((received = avcodec.avcodec_receive_frame(codec, frame)) >= 0) {
      samples = append(samples, resample());
      avutil.av_frame_unref(frame);
    }
    if (received != AGAIN && received != avutil.AVERROR_EOF) {
      throw new MediaDecodeException("cannot decode an AAC frame of " + length + " bytes: " + errorText(received));
    }
    return samples;
  }

  private short[] resample() {
    AVChannelLayout layout = frame.ch_layout();
    if (resampler == null || frame.format() != resamplerFormat || frame.sample_rate() != resamplerRate
        || layout.nb_channels() != resamplerChannels) {
      openResampler(layout);
    }
    PointerPointer<?> input = frame.extended_data();
    int count = frame.nb_samples();
    if (mixer != null) {
      count = mixDown(input, count);
      input = mixed;
    }
    int wanted = swresample.swr_get_out_samples(resampler, count);
    if (wanted > outCapacity) { // grows only: one buffer per stream, reused
      if (outBuffer != null) {
        avutil.av_free(outBuffer);
      }
      outCapacity = wanted;
      outBuffer = new BytePointer(avutil.av_malloc((long) wanted * Short.BYTES));
      out.put(0, outBuffer);
      outSamples = outBuffer.position(0).limit((long) wanted * Short.BYTES).asByteBuffer()
          .order(java.nio.ByteOrder.nativeOrder()).asShortBuffer();
    }
    int converted = swresample.swr_convert(resampler, out, outCapacity, input, count);
    if (converted < 0) {
      throw new MediaDecodeException("cannot resample decoded AAC to 16 kHz: " + errorText(converted));
    }
    short[] samples = new short[converted];
    outSamples.get(0, samples);
    return samples;
  }

  /** The frame's {@code count} samples to mono float in {@link #mixed}; returns how many. */
  private int mixDown(PointerPointer<?> input, int count) {
    if (count > mixCapacity) { // grows only, as outBuffer
      if (mixBuffer != null) {
        avutil.av_free(mixBuffer);
      }
      mixCapacity = count;
      mixBuffer = new BytePointer(avutil.av_malloc((long) count * Float.BYTES));
      mixed.put(0, mixBuffer);
    }
    int mixedCount = swresample.swr_convert(mixer, mixed, mixCapacity, input, count);
    if (mixedCount < 0) {
      throw new MediaDecodeException("cannot mix decoded AAC down to mono: " + errorText(mixedCount));
    }
    return mixedCount;
  }

  private void openResampler(AVChannelLayout in) {
    freeResamplers();
    AVChannelLayout mono = new AVChannelLayout();
    avutil.av_channel_layout_default(mono, 1);
    int rate = frame.sample_rate();
    if (in.nb_channels() > 1) {
      mixer = open(mono, avutil.AV_SAMPLE_FMT_FLT, rate, in, frame.format(), rate);
      // Scaled as the one resampler from stereo to s16 scaled it (no clipping: coefficients summing to 1);
      // to float out swresample would leave them unscaled, 3 dB louder.
      avutil.av_opt_set_double(mixer, "rematrix_maxval", 1.0, 0);
      init(mixer, in);
      resampler = open(mono, avutil.AV_SAMPLE_FMT_S16, Pcm16k.SAMPLE_RATE, mono, avutil.AV_SAMPLE_FMT_FLT, rate);
    } else {
      resampler = open(mono, avutil.AV_SAMPLE_FMT_S16, Pcm16k.SAMPLE_RATE, in, frame.format(), rate);
    }
    init(resampler, in);
    resamplerFormat = frame.format();
    resamplerRate = rate;
    resamplerChannels = in.nb_channels();
  }

  private SwrContext open(AVChannelLayout outLayout, int outFormat, int outRate, AVChannelLayout inLayout,
      int inFormat, int inRate) {
    PointerPointer<SwrContext> holder = new PointerPointer<>(1);
    holder.put(0, (org.bytedeco.javacpp.Pointer) null); // *ps NULL: swr_alloc_set_opts2 allocates the context
    int error = swresample.swr_alloc_set_opts2(holder, outLayout, outFormat, outRate, inLayout, inFormat, inRate,
        0, null);
    SwrContext context = error < 0 ? null : holder.get(SwrContext.class, 0);
    if (context == null) {
      throw cannotResample(inLayout);
    }
    return context;
  }

  private void init(SwrContext context, AVChannelLayout in) {
    if (swresample.swr_init(context) < 0) {
      throw cannotResample(in);
    }
  }

  private MediaDecodeException cannotResample(AVChannelLayout in) {
    freeResamplers(); // the next frame tries again
    return new MediaDecodeException("cannot resample " + frame.sample_rate() + " Hz " + in.nb_channels()
        + "-channel audio to 16 kHz mono");
  }

  private void freeResamplers() {
    if (resampler != null) {
      swresample.swr_free(resampler);
      resampler = null;
    }
    if (mixer != null) {
      swresample.swr_free(mixer);
      mixer = null;
    }
  }

  private static short[] append(short[] head, short[] tail) {
    if (head.length == 0) {
      return tail;
    }
    short[] joined = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, joined, head.length, tail.length);
    return joined;
  }

  private static String errorText(int error) {
    BytePointer text = new BytePointer(256);
    avutil.av_strerror(error, text, 256);
    return text.getString() + " (" + error + ")";
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    freeResamplers();
    if (outBuffer != null) {
      avutil.av_free(outBuffer);
    }
    if (mixBuffer != null) {
      avutil.av_free(mixBuffer);
    }
    avcodec.avcodec_free_context(codec);
    avcodec.av_packet_free(packet);
    avutil.av_frame_free(frame);
  }
}
