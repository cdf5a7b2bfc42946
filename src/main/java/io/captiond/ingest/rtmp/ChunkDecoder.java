package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream (RTMP 1.0 section 5.3). Applies the two protocol
 * control messages that change the chunk stream itself, Set Chunk Size and Abort (section 5.4.1,
 * 5.4.2), and still returns them so the caller sees every message.
 *
 * <p>A state machine over a {@link ByteBuf}: a chunk header is read only once all of it is there;
 * payload bytes are taken as they come. Any broken rule moves it to {@link State#CORRUPT}, where it
 * throws once and then discards all input.
 *
 * <p>Partly received messages are counted by the memory they hold (the buffers allocated for
 * them), against this connection's bound and the server's {@link PendingBudget}; {@link #release()}
 * gives them back when the connection ends. Until {@link #allowMessagesUpTo} raises it (once a
 * publish is granted), the announced message length is bounded by the smaller pre-publish limit.
 */
public final class ChunkDecoder {

  /** Section 5.3.1.2: the default maximum chunk size is 128 bytes. */
  public static final int DEFAULT_CHUNK_SIZE = 128;
  private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};

  enum State { READ_HEADER, READ_PAYLOAD, CORRUPT }

  /** What section 5.3.1.2 says a receiver keeps per chunk stream id. */
  private static final class ChunkStream {
    final int id;
    long timestamp;
    long delta;
    int length;
    int typeId;
    int streamId;
    boolean extended;
    byte[] payload;
    int received;

    ChunkStream(int id) {
      this.id = id;
    }

    boolean inProgress() {
      return payload != null;
    }
  }

  private final int maxChunkSize;
  private final PendingBudget budget;
  private int maxMessageLength;
  private final int maxPendingBytes;
  private final int maxChunkStreams;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private State state = State.READ_HEADER;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private ChunkStream current;
  private int chunkRemaining;
  private int pendingBytes;

  public ChunkDecoder(int maxChunkSize, int maxMessageLength, int maxPendingBytes,
      int maxChunkStreams) {
    this(maxChunkSize, maxMessageLength, maxPendingBytes, maxChunkStreams,
        PendingBudget.unbounded());
  }

  public ChunkDecoder(int maxChunkSize, int maxMessageLength, int maxPendingBytes,
      int maxChunkStreams, PendingBudget budget) {
    this.maxChunkSize = maxChunkSize;
    this.budget = budget;
    this.maxMessageLength = maxMessageLength;
    this.maxPendingBytes = maxPendingBytes;
    this.maxChunkStreams = maxChunkStreams;
  }

  public ChunkDecoder(RtmpSettings config) {
    this(config.maxIncomingChunkSize(), config.maxMessageLength(), config.maxPendingBytes(),
        config.maxChunkStreams());
  }

  /**
   * A decoder of a server's connection before its publish is granted: messages up to
   * {@link RtmpSettings#maxMessageLengthBeforePublish()}, pending bytes also charged to {@code budget}.
   */
  public static ChunkDecoder beforePublish(RtmpSettings config, PendingBudget budget) {
    return new ChunkDecoder(config.maxIncomingChunkSize(), config.maxMessageLengthBeforePublish(),
        config.maxPendingBytes(), config.maxChunkStreams(), budget);
  }

  /** Raises (or lowers) the longest message accepted from the next message header on. */
  public void allowMessagesUpTo(int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
  }

  /** Gives back what partly received messages hold to the budget; the decoder is done. */
  public void release() {
    budget.release(pendingBytes);
    pendingBytes = 0;
    state = State.CORRUPT;
    streams.clear();
  }

  /** The chunk size the peer set, 128 until it sends Set Chunk Size. */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Returns the next complete message, or null when {@code in} holds no more of one (need more
   * data). Throws a {@link ChunkException} when the input breaks a rule or a limit.
   */
  public RtmpMessage decode(ByteBuf in) {
    try {
      while (true) {
        switch (state) {
          case READ_HEADER:
            if (!readHeader(in)) {
              return null;
            }
            break;
          case READ_PAYLOAD:
            RtmpMessage message = readPayload(in);
            if (message != null) {
              return message;
            }
            if (state == State.READ_PAYLOAD) {
              return null;
            }
            break;
          case CORRUPT:
          default:
            in.skipBytes(in.readableBytes());
            return null;
        }
      }
    } catch (ChunkException e) {
      state = State.CORRUPT;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Reads a whole chunk header or nothing; returns false when more bytes are needed. */
  private boolean readHeader(ByteBuf in) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    if (available < 1) {
      return false;
    }
    int first = in.getUnsignedByte(start);
    int format = first >>> 6;
    int id = first & 0x3F;
    int at = 1;
    if (id == 0) {
      if (available < 2) {
        return false;
      }
      id = 64 + in.getUnsignedByte(start + 1);
      at = 2;
    } else if (id == 1) {
      if (available < 3) {
        return false;
      }
      id = 64 + in.getUnsignedByte(start + 1) + (in.getUnsignedByte(start + 2) << 8);
      at = 3;
    }
    if (available < at + MESSAGE_HEADER_LENGTH[format]) {
      return false;
    }
    ChunkStream stream = streams.get(id);
    if (stream == null && format != 0) {
      throw new ChunkException("chunk header type " + format + " on chunk stream " + id
          + ", which has not had a type 0 header (section 5.3.1.2: only type 0 may start one)");
    }
    int m = start + at;
    long field = format < 3 ? in.getUnsignedMedium(m) : 0;
    boolean extended = format < 3 ? field == 0xFFFFFF : stream.extended;
    int headerLength = at + MESSAGE_HEADER_LENGTH[format] + (extended ? 4 : 0);
    if (available < headerLength) {
      return false;
    }
    if (extended) {
      field = in.getUnsignedInt(start + at + MESSAGE_HEADER_LENGTH[format]);
    }
    if (stream == null) {
      if (streams.size() >= maxChunkStreams) {
        throw new ChunkException("chunk stream " + id + " would be chunk stream number "
            + (streams.size() + 1) + " on this connection; limit " + maxChunkStreams);
      }
      stream = new ChunkStream(id);
      streams.put(id, stream);
    }
    if (format < 3 && stream.inProgress()) {
      throw new ChunkException("chunk header type " + format + " on chunk stream " + id
          + " while its message has " + stream.received + " of " + stream.length
          + " bytes; only type 3 may continue a message");
    }
    switch (format) {
      case 0 -> {
        stream.timestamp = field;
        // Section 5.3.1.2.4: a type 3 chunk after type 0 has the delta of the type 0 timestamp.
        stream.delta = field;
        stream.length = in.getUnsignedMedium(m + 3);
        stream.typeId = in.getUnsignedByte(m + 6);
        stream.streamId = in.getIntLE(m + 7);
      }
      case 1 -> {
        stream.delta = field;
        stream.length = in.getUnsignedMedium(m + 3);
        stream.typeId = in.getUnsignedByte(m + 6);
      }
      case 2 -> stream.delta = field;
      default -> { }
    }
    if (format < 3) {
      stream.extended = extended;
    }
    in.readerIndex(start + headerLength);
    if (!stream.inProgress()) {
      if (format != 0) {
        stream.timestamp = (stream.timestamp + stream.delta) & 0xFFFFFFFFL;
      }
      startMessage(stream);
    }
    current = stream;
    chunkRemaining = Math.min(chunkSize, stream.length - stream.received);
    state = State.READ_PAYLOAD;
    return true;
  }

  private void startMessage(ChunkStream stream) {
    if (stream.length > maxMessageLength) {
      throw new MessageTooLongException("message on chunk stream " + stream.id + " announces "
          + stream.length + " bytes; limit " + maxMessageLength);
    }
    int initial = Math.min(stream.length, Math.max(chunkSize, 4096));
    charge(initial);
    stream.payload = new byte[initial];
    stream.received = 0;
  }

  /** Counts {@code bytes} more held for partly received messages, or throws if they do not fit. */
  private void charge(int bytes) {
    if (pendingBytes + (long) bytes > maxPendingBytes) {
      throw new ChunkException("partly received messages would hold " + (pendingBytes + (long) bytes)
          + " bytes; limit " + maxPendingBytes);
    }
    if (!budget.reserve(bytes)) {
      throw new ChunkException("partly received messages of all connections would hold more than "
          + budget.limit() + " bytes (the server's limit); this connection holds " + pendingBytes);
    }
    pendingBytes += bytes;
  }

  private void discharge(ChunkStream stream) {
    pendingBytes -= stream.payload.length;
    budget.release(stream.payload.length);
    stream.payload = null;
    stream.received = 0;
  }

  private RtmpMessage readPayload(ByteBuf in) {
    ChunkStream stream = current;
    int n = Math.min(in.readableBytes(), chunkRemaining);
    if (n > 0) {
      int needed = stream.received + n;
      if (needed > stream.payload.length) {
        int grown = (int) Math.min(stream.length, Math.max(needed, 2L * stream.payload.length));
        charge(grown - stream.payload.length);
        stream.payload = Arrays.copyOf(stream.payload, grown);
      }
      in.readBytes(stream.payload, stream.received, n);
      stream.received = needed;
      chunkRemaining -= n;
    }
    if (chunkRemaining > 0) {
      return null;
    }
    state = State.READ_HEADER;
    if (stream.received < stream.length) {
      return null;
    }
    RtmpMessage message = new RtmpMessage(stream.typeId, stream.streamId, stream.timestamp,
        stream.payload);
    discharge(stream);
    applyControl(message);
    return message;
  }

  private void applyControl(RtmpMessage message) {
    if (message.typeId() != RtmpMessage.SET_CHUNK_SIZE && message.typeId() != RtmpMessage.ABORT) {
      return;
    }
    byte[] p = message.payload();
    if (p.length != 4) {
      throw new ChunkException("protocol control message type " + message.typeId() + " has "
          + p.length + " bytes; it must have 4");
    }
    long value = (p[0] & 0xFFL) << 24 | (p[1] & 0xFF) << 16 | (p[2] & 0xFF) << 8 | (p[3] & 0xFF);
    if (message.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
      // Section 5.4.1: "The first bit MUST be zero"; the spec's own maximum is 2^31-1.
      if (value > RtmpSettings.MAX_CHUNK_SIZE) {
        throw new ChunkException("Set Chunk Size " + value + " has the high bit set; allowed 1.."
            + maxChunkSize);
      }
      if (value < 1 || value > maxChunkSize) {
        throw new ChunkException("Set Chunk Size " + value + " outside the allowed 1.."
            + maxChunkSize);
      }
      chunkSize = (int) value;
    } else {
      ChunkStream aborted = streams.get((int) Math.min(value, Integer.MAX_VALUE));
      if (aborted != null && aborted.inProgress()) {
        discharge(aborted);
      }
    }
  }
}
