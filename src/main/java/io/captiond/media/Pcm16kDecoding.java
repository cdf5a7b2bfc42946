package io.captiond.media;

import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** The two things every FFmpeg audio source here does: ask for 16 kHz mono s16, and copy it out. */
public final class Pcm16kDecoding {

  static {
    FfmpegLibraries.load();
  }

  private Pcm16kDecoding() {}

  /** Makes the grabber resample whatever audio it reads to 16 kHz mono signed 16-bit. */
  public static void resampleTo16kMono(FFmpegFrameGrabber grabber) {
    grabber.setSampleRate(Pcm16k.SAMPLE_RATE);
    grabber.setAudioChannels(1);
    grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
  }

  /**
   * The samples of a grabbed frame, copied, since {@code grabSamples()} reuses its buffer; or
   * {@code null} when the frame holds no such audio.
   */
  public static short[] copySamples(Frame frame) {
    if (frame.samples == null || !(frame.samples[0] instanceof ShortBuffer buffer)) {
      return null;
    }
    short[] samples = new short[buffer.remaining()];
    buffer.duplicate().get(samples);
    return samples;
  }
}
