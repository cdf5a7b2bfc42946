package io.captiond.ingest.srt;

import java.io.OutputStream;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * One SRT connection's media into the stream's pipes: the MPEG-TS it carries is demuxed, each
 * packet of its first video and first audio track moved into stream time ({@link StreamTime}) and
 * muxed again, without transcoding, into one MPEG-TS that continues across connections. Blocking:
 * {@link #run} occupies the receiver's thread until the connection ends or the stream stops.
 */
final class TsRelay {

  private static final Logger LOG = Logger.getLogger(TsRelay.class.getName());
  private static final AVRational MICROS = avutil.av_make_q(1, 1_000_000);

  private TsRelay() {}

  /**
   * Relays until the connection ends; returns {@code null} then (the publisher left), or why the
   * connection's media cannot be relayed.
   *
   * @param grabber the connection, opened and probed, with an audio track
   */
  static String run(String streamId, FFmpegFrameGrabber grabber, StreamTime time, OutputStream out,
      BooleanSupplier stopped, SrtMeters meters) {
    AVFormatContext input = grabber.getFormatContext();
    int video = firstOf(input, avutil.AVMEDIA_TYPE_VIDEO);
    int audio = firstOf(input, avutil.AVMEDIA_TYPE_AUDIO);
    if (audio < 0) {
      return "the SRT stream carries no audio track (" + input.nb_streams() + " tracks)";
    }
    FFmpegFrameRecorder muxer = new FFmpegFrameRecorder(out, video < 0 ? 0 : grabber.getImageWidth(),
        video < 0 ? 0 : grabber.getImageHeight(), grabber.getAudioChannels());
    muxer.setFormat("mpegts");
    muxer.setSampleRate(grabber.getSampleRate());
    if (video >= 0 && grabber.getFrameRate() > 0) {
      muxer.setFrameRate(grabber.getFrameRate());
    }
    time.newConnection();
    try {
      muxer.start(input);
      AVPacket packet;
      while (!stopped.getAsBoolean() && (packet = grabber.grabPacket()) != null) {
        int track = packet.stream_index();
        meters.bytes.increment(packet.size());
        if (track != video && track != audio) {
          continue;
        }
        long jumps = time.discontinuities();
        if (restamp(packet, input.streams(track).time_base(), time, track)) {
          muxer.recordPacket(packet);
        } else {
          meters.late.increment();
        }
        if (time.discontinuities() > jumps) {
          meters.discontinuities.increment();
          LOG.warning(() -> "stream " + streamId + ": the sender's clock jumped: a discontinuity, stream time"
              + " continues smoothly");
        }
      }
      return null;
    } catch (FrameGrabber.Exception | FrameRecorder.Exception | RuntimeException e) {
      LOG.info(() -> "stream " + streamId + ": SRT connection ended: " + SrtUrls.redacted(e.getMessage()));
      return null; // a broken connection is a publisher that left: the grace decides what follows
    } finally {
      try {
        muxer.close();
      } catch (FrameRecorder.Exception | RuntimeException e) {
        LOG.fine(() -> "closing the SRT relay muxer: " + e.getMessage());
      }
    }
  }

  /** Moves the packet into stream time; false when it comes too late (or untimed) and is dropped. */
  private static boolean restamp(AVPacket packet, AVRational base, StreamTime time, int track) {
    long dts = packet.dts() != avutil.AV_NOPTS_VALUE ? packet.dts() : packet.pts();
    if (dts == avutil.AV_NOPTS_VALUE) {
      return false;
    }
    long streamUs = time.restamp(track, avutil.av_rescale_q(dts, base, MICROS));
    if (streamUs == StreamTime.NONE) {
      return false;
    }
    long offset = avutil.av_rescale_q(time.offsetUs(), MICROS, base);
    long newDts = avutil.av_rescale_q(streamUs, MICROS, base);
    long pts = packet.pts() == avutil.AV_NOPTS_VALUE ? newDts : Math.max(newDts, packet.pts() + offset);
    packet.dts(newDts);
    packet.pts(pts);
    return true;
  }

  private static int firstOf(AVFormatContext input, int type) {
    for (int i = 0; i < input.nb_streams(); i++) {
      if (input.streams(i).codecpar().codec_type() == type) {
        return i;
      }
    }
    return -1;
  }
}
