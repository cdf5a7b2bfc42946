package io.captiond.media;

import java.util.logging.Logger;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;

/**
 * FFmpeg's native libraries, loaded once while the node starts. Loaded lazily, the first stream's muxer or
 * decoder would load them on the event loop that accepted its publisher: seconds on a busy machine, during
 * which every connection on that loop waits (publishers were refused for it under load).
 */
public final class FfmpegLibraries {

  private static final Logger LOG = Logger.getLogger(FfmpegLibraries.class.getName());

  private static boolean loaded;

  private FfmpegLibraries() {}

  /**
   * Loads those an RTMP stream's muxer and AAC decoder use (blocking), once per process, and quiets FFmpeg's
   * console chatter (stream banners: noise in a server log; its errors reach us as exceptions). A failure is
   * logged, and each stream then reports its own when it needs them. The classes that call FFmpeg call this
   * first too, so that it holds wherever they are used. Not all of JavaCV's (filters, devices, scaling): a pull
   * source's grabber loads the rest when one starts, and a node without one keeps them out of its memory.
   */
  public static synchronized void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    long began = System.nanoTime();
    try {
      for (Class<?> library : new Class<?>[] {avutil.class, swresample.class, avcodec.class, avformat.class}) {
        Loader.load(library);
      }
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      LOG.info(() -> "FFmpeg libraries loaded in " + (System.nanoTime() - began) / 1_000_000 + " ms");
    } catch (Exception | LinkageError e) {
      LOG.warning(() -> "FFmpeg libraries could not be loaded at start-up (" + e + "); streams will fail to decode");
    }
  }
}
