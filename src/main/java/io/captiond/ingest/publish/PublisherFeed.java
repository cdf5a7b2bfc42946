package io.captiond.ingest.publish;

import io.captiond.ingest.rtmp.AudioPacket;
import io.captiond.ingest.rtmp.PublishRevokedException;
import io.captiond.ingest.rtmp.VideoPacket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One publisher's way into its stream's {@link StreamMedia}, granted per accepted publish. Its
 * media methods are called on the connection's event loop and never block; once the stream has
 * revoked the feed (another publisher took over, the stream stopped) they throw
 * {@link PublishRevokedException}, which closes the connection.
 */
public final class PublisherFeed {

  static final long UNSET = Long.MIN_VALUE;
  private static final long WRAP = 1L << 32;

  private final StreamMedia media;
  private final String remote;
  private final BiConsumer<PublisherFeed, String> onEnded;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile String revoked;
  private volatile boolean received;
  // The connection's event loop only: unwrapping of the 32-bit RTMP clock.
  private long lastRaw = -1;
  private long wraps;
  /** Added to this publisher's timestamps to make stream time; set by the media under its lock. */
  long offset = UNSET;

  PublisherFeed(StreamMedia media, String remote, BiConsumer<PublisherFeed, String> onEnded) {
    this.media = media;
    this.remote = remote;
    this.onEnded = onEnded;
  }

  public String remote() {
    return remote;
  }

  public void metaData(Map<String, Object> properties) {
    check();
    media.metaData(this, properties);
  }

  public void audio(AudioPacket packet) {
    check();
    received = true;
    if (!media.audio(this, unwrap(packet.timestamp()), packet)) {
      check();
      throw new PublishRevokedException("the stream no longer takes media from this publisher");
    }
  }

  public void video(VideoPacket packet) {
    check();
    received = true;
    if (!media.video(this, unwrap(packet.timestamp()), packet)) {
      check();
      throw new PublishRevokedException("the stream no longer takes media from this publisher");
    }
  }

  /** The publisher left (unpublished, disconnected); idempotent. */
  public void end(String reason) {
    if (ended.compareAndSet(false, true)) {
      media.detach(this);
      onEnded.accept(this, reason);
    }
  }

  /** Whether any AAC or H.264 packet came through this feed. */
  boolean receivedMedia() {
    return received;
  }

  boolean ended() {
    return ended.get();
  }

  /** The stream ends this publish; the connection closes at its next packet. */
  void revoke(String reason) {
    revoked = reason;
    media.detach(this);
  }

  private void check() {
    String reason = revoked;
    if (reason != null) {
      throw new PublishRevokedException(reason);
    }
    if (ended.get()) {
      throw new PublishRevokedException("publish already ended");
    }
  }

  /** RTMP 1.0 section 5.3.1.3: timestamps are 32-bit and wrap (every ~49.7 days). */
  private long unwrap(long raw) {
    if (lastRaw >= 0 && raw < lastRaw && lastRaw - raw > WRAP / 2) {
      wraps += WRAP;
    }
    lastRaw = raw;
    return raw + wraps;
  }
}
