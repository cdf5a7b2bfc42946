package io.captiond.ingest.publish;

import io.captiond.ingest.rtmp.AudioPacket;
import io.captiond.ingest.rtmp.VideoPacket;
import io.captiond.media.BytePipe;
import io.captiond.media.FlvWriter;
import io.captiond.media.embed.FlvTag;
import io.captiond.media.embed.MediaTap;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One stream's media as it leaves the publishers: stream time, and two bounded FLV pipes, one
 * (audio only) to the AAC decoder (polled on the shared decode threads) and one (audio and video) to the
 * HLS output (polled on the shared HLS threads). Publishers write
 * on their connections' event loops; the methods are synchronized and never block (a full pipe
 * drops the packet, counted and logged). Only the publisher granted last may write.
 *
 * <p>Stream time: the first publisher's RTMP timestamps as they are; a publisher that follows
 * (reconnect, takeover) is offset to continue one audio frame after the last time received, so
 * stream time only grows and the decoders see one continuous stream. A publisher whose clock jumps
 * (forward by more than {@link #MAX_FORWARD_JUMP_MS}, or back by more than {@link #MAX_BACKWARD_JUMP_MS})
 * is re-anchored the same way: a discontinuity, counted and logged, after which stream time goes on
 * smoothly, so no caption, WebVTT time or HLS segment ever sees the jump.
 *
 * <p>Every media tag also passes a {@link MediaTap} (captions embedded, restream outputs) on its way
 * to the HLS pipe; the pipe gets what the tap gives back.
 */
final class StreamMedia {

  private static final Logger LOG = Logger.getLogger(StreamMedia.class.getName());
  private static final long NONE = Long.MIN_VALUE;
  private static final long DEFAULT_FRAME_MS = 23; // 1024 samples at 44.1 kHz
  /**
   * An encoder that stalls sends the next frames with the time it lost (a gap in the speech, kept as it is);
   * a clock that moves further at once is broken or hostile (seen: 18.7 h): it would stretch an HLS segment
   * over the jump and put captions hours away.
   */
  static final long MAX_FORWARD_JUMP_MS = 5_000;
  /** Less than this back is interleaving jitter, dropped as late; more is a clock that restarted. */
  static final long MAX_BACKWARD_JUMP_MS = 500;

  private final String streamId;
  private final BytePipe audioPipe;
  private final BytePipe mediaPipe;
  private final IngestMeters meters;
  private PublisherFeed current;
  private MediaTap tap = MediaTap.NONE;
  private long lastAudio = NONE;
  private long lastVideo = NONE;
  private long lastTime = NONE;
  private long audioFrameMs = DEFAULT_FRAME_MS;
  private byte[] audioConfig;
  private byte[] videoConfig;
  private boolean mediaHeaderWritten;
  private boolean awaitKeyframe;
  private boolean mediaClosed;
  private long warnings;

  StreamMedia(String streamId, int audioBufferBytes, int mediaBufferBytes, boolean hls,
      IngestMeters meters) {
    this(streamId, audioBufferBytes, mediaBufferBytes, hls, true, meters);
  }

  /** {@code decodeAudio} false: no pipe to the AAC decoder (HLS relay only). */
  StreamMedia(String streamId, int audioBufferBytes, int mediaBufferBytes, boolean hls,
      boolean decodeAudio, IngestMeters meters) {
    this(streamId, audioBufferBytes, mediaBufferBytes, hls, decodeAudio, meters, -1);
  }

  /**
   * @param resumeAtMs a stream resumed after a restart goes on from here, as if a publisher had left at
   *     that time: its first publisher is offset to continue there (-1: a new stream, the first
   *     publisher's clock as it is)
   */
  StreamMedia(String streamId, int audioBufferBytes, int mediaBufferBytes, boolean hls,
      boolean decodeAudio, IngestMeters meters, long resumeAtMs) {
    this.streamId = streamId;
    if (resumeAtMs >= 0) {
      this.lastTime = resumeAtMs;
    }
    this.meters = meters;
    this.audioPipe = decodeAudio ? new BytePipe(audioBufferBytes) : null;
    this.mediaPipe = hls ? new BytePipe(mediaBufferBytes) : null;
    this.mediaClosed = !hls;
    if (audioPipe != null) {
      audioPipe.offer(FlvWriter.header(true, false));
    }
  }

  InputStream audioInput() {
    return audioPipe.inputStream();
  }

  /** Runs {@code listener} whenever the audio pipe has something new to {@link #pollAudio}. */
  void onAudioReadable(Runnable listener) {
    audioPipe.onReadable(listener);
  }

  /** What the audio pipe holds now, without waiting: see {@link BytePipe#poll}. */
  int pollAudio(byte[] into) {
    return audioPipe.poll(into, 0, into.length);
  }

  /** The most audio bytes the pipe holds: no FLV tag in it is larger. */
  int audioCapacity() {
    return audioPipe.capacity();
  }

  /** The audio decoder gave up: nothing more goes to it. */
  void abortAudio() {
    audioPipe.abort();
  }

  InputStream mediaInput() {
    return mediaPipe.inputStream();
  }

  /** Runs {@code listener} whenever the HLS pipe has something new to {@link #pollMedia}. */
  void onMediaReadable(Runnable listener) {
    mediaPipe.onReadable(listener);
  }

  /** What the HLS pipe holds now, without waiting: see {@link BytePipe#poll}. */
  int pollMedia(byte[] into) {
    return mediaPipe.poll(into, 0, into.length);
  }

  /** The most bytes the HLS pipe holds: no FLV tag in it is larger. */
  int mediaCapacity() {
    return mediaPipe.capacity();
  }

  /** Where every media tag passes from now on (set before the first publisher). */
  synchronized void tap(MediaTap mediaTap) {
    tap = mediaTap;
  }

  synchronized void attach(PublisherFeed feed) {
    current = feed;
  }

  synchronized void detach(PublisherFeed feed) {
    if (current == feed) {
      current = null;
    }
  }

  /** The last stream time received, or {@code Long.MIN_VALUE} before any media. */
  synchronized long lastTime() {
    return lastTime;
  }

  /** onMetaData says which tracks come: the HLS side's FLV header tells its demuxer. */
  synchronized void metaData(PublisherFeed feed, Map<String, Object> properties) {
    if (feed == current) {
      tap.metaData(properties);
    }
    if (feed == current && !mediaHeaderWritten && !mediaClosed) {
      boolean audio = properties.containsKey("audiocodecid");
      boolean video = properties.containsKey("videocodecid");
      writeMediaHeader(audio || !video, video || !audio);
    }
  }

  synchronized boolean audio(PublisherFeed feed, long timestamp, AudioPacket packet) {
    if (feed != current) {
      return false;
    }
    meters.bytes.increment(packet.data().length);
    boolean header = packet.type() == AudioPacket.Type.SEQUENCE_HEADER;
    long time = header ? streamTime(feed, timestamp) : continuous(feed, timestamp, lastAudio);
    if (header) {
      if (Arrays.equals(audioConfig, packet.data())) {
        return true; // a returning publisher repeats it: the decoder has it already
      }
      audioConfig = packet.data();
    } else {
      meters.audioFrames.increment();
      if (lastAudio != NONE && time <= lastAudio) {
        drop(meters.late, "late audio at " + time + " ms, after " + lastAudio + " ms");
        return true;
      }
      if (lastAudio != NONE && time - lastAudio < 200) {
        audioFrameMs = time - lastAudio;
      }
      lastAudio = time;
      lastTime = Math.max(lastTime, time);
    }
    FlvTag flv = FlvWriter.audioTag(time, header, packet.data());
    if (audioPipe != null && !audioPipe.offer(flv.toBytes())) {
      drop(meters.audioOverflow, "audio decoder behind: " + audioPipe.buffered() + " bytes waiting"
          + " (rtmp.audio_buffer_bytes " + audioPipe.capacity() + ")");
    }
    toMedia(flv);
    return true;
  }

  synchronized boolean video(PublisherFeed feed, long timestamp, VideoPacket packet) {
    if (feed != current) {
      return false;
    }
    meters.bytes.increment(packet.data().length);
    long time = packet.type() == VideoPacket.Type.NALUS ? continuous(feed, timestamp, lastVideo)
        : streamTime(feed, timestamp);
    int type = switch (packet.type()) {
      case SEQUENCE_HEADER -> 0;
      case NALUS -> 1;
      case END_OF_SEQUENCE -> 2;
    };
    if (type == 0) {
      if (Arrays.equals(videoConfig, packet.data())) {
        return true;
      }
      videoConfig = packet.data();
    } else if (type == 1) {
      meters.videoFrames.increment();
      if (lastVideo != NONE && time <= lastVideo) {
        drop(meters.late, "late video at " + time + " ms, after " + lastVideo + " ms");
        return true;
      }
      lastVideo = time;
      lastTime = Math.max(lastTime, time);
    } else {
      return true; // end of sequence: a returning publisher must not end the output's track
    }
    toMedia(FlvWriter.videoTag(time, packet.compositionTime(), packet.keyframe(), type, packet.data()));
    return true;
  }

  /**
   * The publisher left: {@code drained} runs on the audio decoder's thread once it has read all the
   * audio sent so far (see {@link BytePipe#mark}).
   */
  synchronized void markAudio(Runnable drained) {
    if (audioPipe != null) {
      audioPipe.mark(drained);
    }
  }

  /** No more media: the readers drain what is buffered, then see the end. */
  synchronized void finish() {
    current = null;
    if (audioPipe != null) {
      audioPipe.close();
    }
    if (mediaPipe != null) {
      tap.finish().forEach(this::toPipe);
      mediaPipe.close();
    }
  }

  /** Stop now: buffered media is discarded. */
  synchronized void abort() {
    current = null;
    if (audioPipe != null) {
      audioPipe.abort();
    }
    closeMedia();
  }

  /** The HLS side stopped reading: nothing more goes to it. */
  synchronized void closeMedia() {
    mediaClosed = true;
    if (mediaPipe != null) {
      mediaPipe.abort();
    }
  }

  private long streamTime(PublisherFeed feed, long timestamp) {
    if (feed.offset == PublisherFeed.UNSET) {
      feed.offset = lastTime == NONE ? 0 : lastTime + audioFrameMs - timestamp;
      if (lastTime != NONE) {
        LOG.info(() -> "stream " + streamId + ": publisher " + feed.remote() + " continues at "
            + (lastTime + audioFrameMs) + " ms of stream time (its clock + " + feed.offset + " ms)");
      }
    }
    return timestamp + feed.offset;
  }

  /** Stream time of a media frame, re-anchored when the publisher's clock jumped since {@code lastOfTrack}. */
  private long continuous(PublisherFeed feed, long timestamp, long lastOfTrack) {
    long time = streamTime(feed, timestamp);
    boolean forward = lastTime != NONE && time - lastTime > MAX_FORWARD_JUMP_MS;
    boolean backward = lastOfTrack != NONE && lastOfTrack - time > MAX_BACKWARD_JUMP_MS;
    if (!forward && !backward) {
      return time;
    }
    long continued = lastTime + audioFrameMs;
    feed.offset += continued - time;
    meters.discontinuities.increment();
    long jump = time - lastTime;
    warn("publisher " + feed.remote() + "'s clock jumped by " + jump + " ms: a discontinuity, stream time"
        + " continues at " + continued + " ms");
    return continued;
  }

  private void toMedia(FlvTag tag) {
    List<FlvTag> out = tap.received(tag);
    if (!mediaClosed) {
      out.forEach(this::toPipe);
    }
  }

  private void toPipe(FlvTag tag) {
    if (mediaClosed) {
      return;
    }
    if (!mediaHeaderWritten) {
      writeMediaHeader(true, true);
    }
    boolean video = tag.isVideo();
    if (video && awaitKeyframe && !tag.isAvcSequenceHeader()) {
      if (!tag.isKeyframe()) {
        meters.mediaOverflow.increment();
        return;
      }
      awaitKeyframe = false;
    }
    if (!mediaPipe.offer(tag.toBytes())) {
      awaitKeyframe = true; // H.264 after a gap decodes again only from a keyframe
      drop(meters.mediaOverflow, "HLS remuxer behind: " + mediaPipe.buffered() + " bytes waiting"
          + " (rtmp.media_buffer_bytes " + mediaPipe.capacity() + ")" + (video ? "" : ", audio"));
    }
  }

  private void writeMediaHeader(boolean audio, boolean video) {
    mediaHeaderWritten = true;
    mediaPipe.offer(FlvWriter.header(audio, video));
  }

  private void drop(io.micrometer.core.instrument.Counter counter, String why) {
    counter.increment();
    warn("dropped a packet: " + why);
  }

  /** Logs the first ten warnings and then one in a thousand: a flood of bad packets must not flood the log. */
  private void warn(String what) {
    long n = ++warnings;
    if (n <= 10 || n % 1000 == 0) {
      LOG.warning(() -> "stream " + streamId + ": " + what + " (" + n + " warnings so far)");
    }
  }
}
