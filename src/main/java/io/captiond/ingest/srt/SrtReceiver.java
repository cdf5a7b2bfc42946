package io.captiond.ingest.srt;

import java.io.OutputStream;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The connections of one SRT stream, one after another, on the receiver's thread: opens the
 * endpoint (as listener: waits for the publisher; as caller: dials the encoder), relays what the
 * connection carries ({@link TsRelay}), and when it ends waits {@code graceMs} for the next one,
 * as an RTMP stream waits for its publisher. A listener waits for its first publisher as long as
 * the stream lives; a caller must reach the encoder within the grace.
 */
final class SrtReceiver {

  /** Hears the receiver's turns, on its thread. */
  interface Listener {
    /** A connection carries media, for the first time ({@code returning} false) or again. */
    void connected(boolean returning);

    /** The connection ended: the stream waits for the next within the grace. */
    void left();
  }

  private static final Logger LOG = Logger.getLogger(SrtReceiver.class.getName());
  /** libsrt's listen timeout and a refused or unanswered call both say "timed out" (-ETIMEDOUT). */
  private static final int ETIMEDOUT = -110;
  private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");
  private static final long RETRY_MS = 1_000;
  private static final long FAST_RETRY_MS = 200;
  /** A listener that failed this often in a row without ever waiting cannot bind its port. */
  private static final int MAX_FAILED_LISTENS = 5;

  private final String streamId;
  private final SrtEndpoint endpoint;
  private final long graceMs;
  private final OutputStream out;
  private final BooleanSupplier stopped;
  private final Listener listener;
  private final SrtMeters meters;
  private final StreamTime time = new StreamTime();
  private String lastError = "";
  private boolean listened;
  private int failedListens;

  SrtReceiver(String streamId, SrtEndpoint endpoint, long graceMs, OutputStream out, BooleanSupplier stopped,
      Listener listener, SrtMeters meters) {
    this.meters = meters;
    this.streamId = streamId;
    this.endpoint = endpoint;
    this.graceMs = graceMs;
    this.out = out;
    this.stopped = stopped;
    this.listener = listener;
  }

  /** Blocks until the stream ends; {@code null} when it ended (stopped, or nobody came back), else why it failed. */
  String run() throws InterruptedException {
    long deadline = endpoint.listening() ? Long.MAX_VALUE : System.currentTimeMillis() + graceMs;
    boolean connected = false;
    while (!stopped.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        if (connected) {
          LOG.info(() -> "stream " + streamId + ": no SRT publisher came back within " + graceMs + " ms; ending");
          return null;
        }
        return "cannot reach the SRT listener " + endpoint.shown() + " within " + graceMs + " ms: " + lastError;
      }
      FFmpegFrameGrabber connection = open();
      if (connection == null) {
        if (!endpoint.listening()) {
          Thread.sleep(Math.max(1, Math.min(RETRY_MS, deadline - System.currentTimeMillis())));
        } else if (failedListens >= MAX_FAILED_LISTENS && !listened) {
          return "cannot listen for SRT on " + endpoint.shown() + ": " + lastError;
        }
        continue;
      }
      if (!connection.hasAudio()) {
        close(connection);
        return "the SRT stream from " + endpoint.shown() + " carries no audio track FFmpeg can decode";
      }
      try {
        listener.connected(connected);
        if (connected) {
          meters.reconnects.increment();
        }
        connected = true;
        String failure = TsRelay.run(streamId, connection, time, out, stopped, meters);
        if (failure != null) {
          return failure;
        }
      } finally {
        close(connection);
      }
      if (!stopped.getAsBoolean()) {
        LOG.info(() -> "stream " + streamId + ": SRT publisher left; the stream waits " + graceMs
            + " ms for it to come back");
        listener.left();
        deadline = System.currentTimeMillis() + graceMs;
      }
    }
    return null;
  }

  /** The next connection, opened and probed; {@code null} when none came (yet). */
  private FFmpegFrameGrabber open() throws InterruptedException {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(endpoint.url());
    grabber.setFormat("mpegts");
    grabber.setOption("probesize", "1000000");
    grabber.setOption("analyzeduration", "2000000");
    try {
      grabber.startUnsafe();
      failedListens = 0;
      LOG.info(() -> "stream " + streamId + ": SRT connection on " + endpoint.shown() + " ("
          + (grabber.getVideoCodecName() == null ? "no video" : grabber.getVideoCodecName()) + ", "
          + grabber.getAudioCodecName() + ")");
      return grabber;
    } catch (FrameGrabber.Exception | RuntimeException e) {
      close(grabber);
      Matcher code = ERROR_CODE.matcher(String.valueOf(e.getMessage()));
      if (code.find() && Integer.parseInt(code.group(1)) == ETIMEDOUT) {
        listened = true;
        lastError = "no answer";
        return null;
      }
      lastError = SrtUrls.redacted(String.valueOf(e.getMessage()));
      failedListens++;
      if (endpoint.listening()) {
        Thread.sleep(FAST_RETRY_MS);
      }
      return null;
    }
  }

  private static void close(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      LOG.fine(() -> "closing an SRT connection: " + e.getMessage());
    }
  }
}
