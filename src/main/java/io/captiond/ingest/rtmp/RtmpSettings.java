package io.captiond.ingest.rtmp;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything an RTMP server needs to know: where to listen, and the limits that bound what one
 * peer can make it hold. Checked once here; the decoders take the values as they are.
 *
 * @param host address to bind
 * @param port TCP port to bind (0 picks a free one)
 * @param maxIncomingChunkSize largest Set Chunk Size a peer may announce (spec allows 2^31-1)
 * @param outgoingChunkSize chunk size this server announces and sends with
 * @param maxMessageLength largest message a peer may announce in a chunk message header
 * @param maxPendingBytes bytes of partly received messages held per connection, all streams together
 * @param maxChunkStreams chunk stream ids tracked per connection
 * @param maxAmfDepth nesting depth of AMF0 objects and arrays
 * @param windowAckSize window announced to the peer, and used for our acknowledgements until the
 *     peer announces its own
 * @param peerBandwidth Set Peer Bandwidth value sent after connect
 * @param handshakeTimeout time from accept to a completed handshake
 * @param idleTimeout time without a single byte from the peer
 * @param maxConnectionsPerIp open connections from one remote address
 * @param ioThreads Netty event loop threads serving connections
 * @param maxConnections open connections in all, from every address together
 * @param maxMessageLengthBeforePublish largest message a peer may announce until its publish is
 *     granted: {@code connect} and {@code publish} are small, so a stranger costs almost nothing
 * @param publishTimeout time from a completed handshake to a granted publish
 * @param maxPendingBytesTotal bytes of partly received messages held by all connections together
 */
public record RtmpSettings(
    String host,
    int port,
    int maxIncomingChunkSize,
    int outgoingChunkSize,
    int maxMessageLength,
    int maxPendingBytes,
    int maxChunkStreams,
    int maxAmfDepth,
    long windowAckSize,
    long peerBandwidth,
    Duration handshakeTimeout,
    Duration idleTimeout,
    int maxConnectionsPerIp,
    int ioThreads,
    int maxConnections,
    int maxMessageLengthBeforePublish,
    Duration publishTimeout,
    long maxPendingBytesTotal) {

  /** The largest chunk size and message length the wire format can express. */
  public static final int MAX_CHUNK_SIZE = 0x7FFFFFFF;
  public static final int MAX_MESSAGE_LENGTH = 0xFFFFFF;

  public RtmpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    check("port", port, 0, 65535);
    check("maxIncomingChunkSize", maxIncomingChunkSize, 128, MAX_CHUNK_SIZE);
    check("outgoingChunkSize", outgoingChunkSize, 128, MAX_MESSAGE_LENGTH);
    check("maxMessageLength", maxMessageLength, 1, MAX_MESSAGE_LENGTH);
    check("maxPendingBytes", maxPendingBytes, maxMessageLength, Integer.MAX_VALUE);
    check("maxChunkStreams", maxChunkStreams, 1, 65599);
    check("maxAmfDepth", maxAmfDepth, 1, 1000);
    check("windowAckSize", windowAckSize, 1, 0xFFFFFFFFL);
    check("peerBandwidth", peerBandwidth, 1, 0xFFFFFFFFL);
    check("maxConnectionsPerIp", maxConnectionsPerIp, 1, Integer.MAX_VALUE);
    check("ioThreads", ioThreads, 1, 1024);
    check("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
    check("maxMessageLengthBeforePublish", maxMessageLengthBeforePublish, 1, maxMessageLength);
    check("maxPendingBytesTotal", maxPendingBytesTotal, maxMessageLength, Long.MAX_VALUE);
    for (Duration timeout : new Duration[] {handshakeTimeout, idleTimeout, publishTimeout}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout, idleTimeout and publishTimeout must be"
            + " positive, were " + handshakeTimeout + ", " + idleTimeout + " and " + publishTimeout);
      }
    }
  }

  private static void check(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " is " + value + ", allowed " + min + ".." + max);
    }
  }

  public static RtmpSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.maxIncomingChunkSize = maxIncomingChunkSize;
    b.outgoingChunkSize = outgoingChunkSize;
    b.maxMessageLength = maxMessageLength;
    b.maxPendingBytes = maxPendingBytes;
    b.maxChunkStreams = maxChunkStreams;
    b.maxAmfDepth = maxAmfDepth;
    b.windowAckSize = windowAckSize;
    b.peerBandwidth = peerBandwidth;
    b.handshakeTimeout = handshakeTimeout;
    b.idleTimeout = idleTimeout;
    b.maxConnectionsPerIp = maxConnectionsPerIp;
    b.ioThreads = ioThreads;
    b.maxConnections = maxConnections;
    b.maxMessageLengthBeforePublish = maxMessageLengthBeforePublish;
    b.publishTimeout = publishTimeout;
    b.maxPendingBytesTotal = maxPendingBytesTotal;
    return b;
  }

  /**
   * Defaults suit a publisher of a few Mbit/s (64 KiB chunks, 8 MiB messages) and bound strangers:
   * 1 000 connections, 64 KiB messages and 10 s until a publish is granted, 256 MiB of partly
   * received messages in all.
   */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 1935;
    private int maxIncomingChunkSize = 64 * 1024;
    private int outgoingChunkSize = 4096;
    private int maxMessageLength = 8 * 1024 * 1024;
    private int maxPendingBytes = 16 * 1024 * 1024;
    private int maxChunkStreams = 64;
    private int maxAmfDepth = 16;
    private long windowAckSize = 2_500_000;
    private long peerBandwidth = 2_500_000;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxConnectionsPerIp = 16;
    private int ioThreads = 2;
    private int maxConnections = 1000;
    private int maxMessageLengthBeforePublish = 64 * 1024;
    private Duration publishTimeout = Duration.ofSeconds(10);
    private long maxPendingBytesTotal = 256L * 1024 * 1024;

    private Builder() {}

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder maxIncomingChunkSize(int v) { maxIncomingChunkSize = v; return this; }
    public Builder outgoingChunkSize(int v) { outgoingChunkSize = v; return this; }
    public Builder maxMessageLength(int v) { maxMessageLength = v; return this; }
    public Builder maxPendingBytes(int v) { maxPendingBytes = v; return this; }
    public Builder maxChunkStreams(int v) { maxChunkStreams = v; return this; }
    public Builder maxAmfDepth(int v) { maxAmfDepth = v; return this; }
    public Builder windowAckSize(long v) { windowAckSize = v; return this; }
    public Builder peerBandwidth(long v) { peerBandwidth = v; return this; }
    public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder maxConnectionsPerIp(int v) { maxConnectionsPerIp = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder maxMessageLengthBeforePublish(int v) {
      maxMessageLengthBeforePublish = v;
      return this;
    }
    public Builder publishTimeout(Duration v) { publishTimeout = v; return this; }
    public Builder maxPendingBytesTotal(long v) { maxPendingBytesTotal = v; return this; }

    public RtmpSettings build() {
      return new RtmpSettings(host, port, maxIncomingChunkSize, outgoingChunkSize, maxMessageLength,
          maxPendingBytes, maxChunkStreams, maxAmfDepth, windowAckSize, peerBandwidth,
          handshakeTimeout, idleTimeout, maxConnectionsPerIp, ioThreads, maxConnections,
          Math.min(maxMessageLengthBeforePublish, maxMessageLength), publishTimeout,
          maxPendingBytesTotal);
    }
  }
}
