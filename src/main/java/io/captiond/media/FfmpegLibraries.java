package io.captiond.media;

import java.util.logging.Logger;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * FFmpeg's native libraries, loaded once while the node starts. Loaded lazily, the first stream's muxer or
 * decoder would load them on the event loop that accepted its publisher: seconds on a busy machine, during
 * which every connection on that loop waits (publishers were refused for it under load).
 */
public final class FfmpegLibraries {

  private static final Logger LOG = Logger.getLogger(FfmpegLibraries.class.getName());

  private FfmpegLibraries() {}

  /** Loads them (blocking); a failure is logged, and each stream then reports its own when it needs them. */
  public static void load() {
    long began = System.nanoTime();
    try {
      FFmpegFrameGrabber.tryLoad(); // avutil, swresample, avcodec, avformat and the rest the grabber uses
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      LOG.info(() -> "FFmpeg libraries loaded in " + (System.nanoTime() - began) / 1_000_000 + " ms");
    } catch (Exception | LinkageError e) {
      LOG.warning(() -> "FFmpeg libraries could not be loaded at start-up (" + e + "); streams will fail to decode");
    }
  }
}
