package io.captiond.ingest.pull;

import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.SourceSpec;
import io.captiond.media.AudioGrabLoop;
import io.captiond.media.Pcm16kDecoding;
import io.captiond.media.PcmSink;
import io.captiond.media.RealTimePacer;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads any FFmpeg-readable file or URL and hands its audio on as 16 kHz mono PCM chunks stamped
 * with the source's own presentation time. With {@code realtime} a file is paced like a live stream.
 * The URL is checked against the settings ({@link PullUrl}), its http redirects followed and checked
 * here ({@link RedirectCheck}), and FFmpeg kept to its protocols; reasons name the URL redacted.
 *
 * <p>Blocking: {@link #run()} occupies its thread until the source ends, fails or {@link #stop()} is
 * called, and returns how it ended.
 */
public final class PullSource {

  private static final Logger LOG = Logger.getLogger(PullSource.class.getName());

  private final String streamId;
  private final SourceSpec spec;
  private final PullSettings config;
  private final PcmSink sink;
  private final Timer decodeTimer;
  private volatile boolean stopped;

  public PullSource(String streamId, SourceSpec spec, PullSettings config, PcmSink sink, Timer decodeTimer) {
    this.streamId = streamId;
    this.spec = spec;
    this.config = config;
    this.sink = sink;
    this.decodeTimer = decodeTimer;
  }

  public void stop() {
    stopped = true;
  }

  public IngestEvent run() {
    // checked again here: the settings may have changed since the stream was created
    PullUrl url;
    try {
      url = RedirectCheck.follow(PullUrl.parse(spec.url(), config), config);
    } catch (PullRefusedException e) {
      return failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IngestEvent(streamId, IngestEvent.Kind.ENDED, "stopped");
    }
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url.ffmpegUrl());
    Pcm16kDecoding.resampleTo16kMono(grabber);
    grabber.setOption("rw_timeout", Long.toString(config.readTimeoutMs() * 1000));
    url.ffmpegOptions().forEach(grabber::setOption);
    try {
      try {
        grabber.startUnsafe();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        // FFmpeg's words (connection refused, no route, not found ...) would tell a caller what
        // lies behind a host; they are logged for the operator and kept out of the reason
        String detail = String.valueOf(e.getMessage()).replace(url.ffmpegUrl(), url.shown())
            .replace(spec.url(), url.shown());
        LOG.info(() -> "stream " + streamId + ": FFmpeg cannot open " + url.shown() + ": " + detail);
        return failed("cannot open source " + url.shown() + ": unreachable, not found or not media FFmpeg"
            + " reads (" + url.scheme() + ")");
      }
      if (!grabber.hasAudio()) {
        return failed("source " + url.shown() + " has no audio stream (format " + grabber.getFormat() + ")");
      }
      LOG.info(() -> "stream " + streamId + ": reading " + url.shown() + " (" + grabber.getFormat()
          + ", " + grabber.getSampleRate() + " Hz" + (spec.realtime() ? ", paced in real time" : "") + ")");
      return pump(grabber, url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IngestEvent(streamId, IngestEvent.Kind.ENDED, "stopped");
    } finally {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        LOG.fine(() -> "closing grabber: " + e.getMessage());
      }
    }
  }

  private IngestEvent pump(FFmpegFrameGrabber grabber, PullUrl url) throws InterruptedException {
    RealTimePacer pacer = spec.realtime() ? RealTimePacer.strict() : null;
    String error = AudioGrabLoop.run(streamId, grabber, config.chunkMs(), config.maxConsecutiveErrors(),
        () -> stopped, nanos -> decodeTimer.record(nanos, TimeUnit.NANOSECONDS), chunk -> {
          if (pacer != null) {
            pacer.waitUntil(chunk.startMs() + chunk.durationMs());
          }
          sink.accept(chunk);
        });
    if (error != null) {
      return failed("source " + url.shown() + " keeps failing to decode: " + error);
    }
    return new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped ? "stopped" : "end of source");
  }

  private IngestEvent failed(String reason) {
    LOG.warning(() -> "stream " + streamId + ": " + reason);
    return new IngestEvent(streamId, IngestEvent.Kind.FAILED, reason);
  }
}
