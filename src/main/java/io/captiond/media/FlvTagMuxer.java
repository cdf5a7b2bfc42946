package io.captiond.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * An RTMP publish's FLV tags straight into FFmpeg's HLS muxer: no demuxer, no probing, no decoder and no
 * thread of its own. A state machine fed one tag at a time, in order, by its stream's lane:
 * <ul>
 *   <li>CONFIGURING: waits for the sequence headers of the tracks the FLV header declares (or, when one
 *       never comes, as long as FFmpeg's demuxer probed: {@link #PROBE_MS} of stream time or
 *       {@link #PROBE_BYTES}); frames of a configured track wait with it.</li>
 *   <li>MUXING: the output is open on those tracks ({@link FlvTrackInput}); each frame becomes the packet
 *       FFmpeg's FLV demuxer would give ({@link FlvPacket}).</li>
 *   <li>STOPPED: the muxer failed ({@link #failure()}) or the input ended; tags are ignored.</li>
 * </ul>
 * A tag no demuxer would make a packet of (garbage header, truncated, oversize, NAL units that do not fill
 * it, a time going back) is skipped, counted and logged once: it never stops the output. Not thread-safe.
 */
public final class FlvTagMuxer implements AutoCloseable {

  /** FFmpeg's probing bounds of the demuxer path ({@code analyzeduration} 2 s, {@code probesize} 500 kB). */
  static final long PROBE_MS = 2_000;
  static final long PROBE_BYTES = 500_000;

  /** A waiting frame: its tag type, time and body length, then the body. */
  private static final int WAITING_HEADER = 1 + 8 + 4;

  private enum State { CONFIGURING, MUXING, STOPPED }

  private static final Logger LOG = Logger.getLogger(FlvTagMuxer.class.getName());

  static {
    FfmpegLibraries.load();
  }

  private final String streamId;
  private final Path dir;
  private final HlsRemuxer.Settings settings;
  private final int maxTagBytes;
  private final Consumer<HlsRemuxer.Origin> onOrigin;
  private final FlvTrackInput tracks = new FlvTrackInput();
  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private State state = State.CONFIGURING;
  private boolean expectAudio = true;
  private boolean expectVideo = true;
  private long firstTagMs = Long.MIN_VALUE;
  private long waitingBytes;
  private HlsOutput output;
  private AVPacket packet;
  private String failure;
  private long skipped;

  /**
   * @param maxTagBytes a larger tag is skipped as oversize
   * @param onOrigin hears, once, where the output's clock starts (on the feeding thread)
   */
  public FlvTagMuxer(String streamId, Path dir, HlsRemuxer.Settings settings, int maxTagBytes,
      Consumer<HlsRemuxer.Origin> onOrigin) {
    this.streamId = streamId;
    this.dir = dir;
    this.settings = settings;
    this.maxTagBytes = maxTagBytes;
    this.onOrigin = onOrigin;
  }

  /** The FLV header's TypeFlagsAudio and TypeFlagsVideo: the tracks whose sequence headers are awaited. */
  public void expect(boolean audio, boolean video) {
    expectAudio = audio;
    expectVideo = video;
  }

  /** The next tag: its type, time and body ({@code length} bytes of {@code buffer} from {@code offset}). */
  public void tag(int type, long timestampMs, byte[] buffer, int offset, int length) {
    if (state == State.STOPPED) {
      return;
    }
    if (length > maxTagBytes) {
      skip("a tag of " + length + " bytes, more than the " + maxTagBytes + " allowed");
      return;
    }
    FlvPacket read;
    try {
      read = FlvPacket.read(type, timestampMs, buffer, offset, length);
      if (read.kind() == FlvPacket.Kind.AUDIO_CONFIG || read.kind() == FlvPacket.Kind.VIDEO_CONFIG) {
        tracks.configure(read, buffer);
        return;
      }
    } catch (FlvTagException e) {
      skip(e.getMessage());
      return;
    }
    if (read.kind() == FlvPacket.Kind.NONE) {
      return;
    }
    if (state == State.CONFIGURING) {
      configuring(read, buffer, type, timestampMs, offset, length);
    } else {
      mux(read, buffer);
    }
  }

  private void configuring(FlvPacket read, byte[] buffer, int type, long timestampMs, int offset, int length) {
    if (tracks.configured(read.kind())) {
      byte[] copy = new byte[WAITING_HEADER + length];
      copy[0] = (byte) type;
      ByteBuffer.wrap(copy, 1, 12).putLong(timestampMs).putInt(length);
      System.arraycopy(buffer, offset, copy, WAITING_HEADER, length);
      waiting.addLast(copy);
      waitingBytes += length;
    }
    firstTagMs = firstTagMs == Long.MIN_VALUE ? timestampMs : firstTagMs;
    boolean all = (!expectAudio || tracks.configured(FlvPacket.Kind.AUDIO))
        && (!expectVideo || tracks.configured(FlvPacket.Kind.VIDEO));
    boolean probed = timestampMs - firstTagMs >= PROBE_MS || waitingBytes >= PROBE_BYTES;
    if (tracks.any() && (all || probed)) {
      open();
    }
  }

  private void open() {
    try {
      output = HlsOutput.open(streamId, tracks.build(), dir, settings, onOrigin);
      packet = avcodec.av_packet_alloc();
      state = State.MUXING;
    } catch (IOException | RuntimeException e) {
      stop(e);
      return;
    }
    while (!waiting.isEmpty() && state == State.MUXING) {
      byte[] tag = waiting.removeFirst();
      ByteBuffer head = ByteBuffer.wrap(tag, 1, 12);
      long time = head.getLong();
      int length = head.getInt();
      mux(FlvPacket.read(tag[0], time, tag, WAITING_HEADER, length), tag);
    }
    waitingBytes = 0;
  }

  private void mux(FlvPacket read, byte[] buffer) {
    String bad = tracks.check(read, buffer);
    if (bad != null) {
      skip(bad);
      return;
    }
    int index = tracks.streamIndex(read.kind());
    if (index < 0) {
      return; // a track that came after the output opened: FFmpeg's muxer cannot add it
    }
    if (avcodec.av_new_packet(packet, read.length()) < 0) {
      stop(new IOException("cannot allocate a packet of " + read.length() + " bytes"));
      return;
    }
    packet.data().put(buffer, read.offset(), read.length());
    packet.stream_index(index);
    packet.dts(read.dtsMs());
    packet.pts(read.ptsMs());
    packet.duration(tracks.duration(read));
    packet.flags(read.key() ? avcodec.AV_PKT_FLAG_KEY : 0);
    tracks.attachNewConfig(read.kind(), packet);
    try {
      output.write(packet);
    } catch (IOException | RuntimeException e) {
      avcodec.av_packet_unref(packet);
      stop(e);
    }
  }

  /** Why the muxer gave up ({@code "HLS output stopped: ..."}), or null while it goes on. */
  public String failure() {
    return failure;
  }

  /** Tags skipped as bad so far. */
  public long skippedTags() {
    return skipped;
  }

  /**
   * The input ended: the master playlist for a short stream, then the trailer.
   *
   * @return why the output stopped, or null
   */
  public String finish() {
    if (state == State.CONFIGURING) {
      if (tracks.any()) {
        open();
      } else if (failure == null) {
        failure = HlsRemuxer.STOPPED + "the stream ended before an AAC or AVC sequence header";
      }
    }
    if (state == State.MUXING) {
      try {
        output.finish();
      } catch (IOException | RuntimeException e) {
        stop(e);
      }
    }
    close();
    if (skipped > 0) {
      LOG.info(() -> "stream " + streamId + ": the HLS output skipped " + skipped + " bad tags in all");
    }
    return failure;
  }

  /** Stops at once (the trailer is written when the output had opened). */
  @Override
  public void close() {
    state = State.STOPPED;
    waiting.clear();
    if (output != null) {
      output.close();
      output = null;
    }
    if (packet != null) {
      avcodec.av_packet_free(packet);
      packet = null;
    }
    tracks.close();
  }

  private void stop(Exception e) {
    failure = HlsRemuxer.STOPPED + e.getMessage();
    close();
  }

  private void skip(String why) {
    if (++skipped == 1) {
      LOG.warning(() -> "stream " + streamId + ": the HLS output skips a bad tag: " + why
          + " (further ones are counted, not logged)");
    }
  }
}
