package io.captiond.media;

import java.util.Arrays;

/**
 * Splits a live FLV byte stream (FLV specification v10.1, annex E.2 header, E.3 body, E.4.1 tags)
 * into tags as its bytes arrive in pieces of any size, without a demuxer: a state machine over
 * HEADER, TAG and CORRUPT. A tag's body is handed on as a slice of the stream's own buffer, valid
 * only during the call.
 */
public final class FlvTagStream {

  /** Hears each whole tag. */
  @FunctionalInterface
  public interface TagHandler {
    void tag(int type, long timestampMs, byte[] buffer, int offset, int length);
  }

  private enum State { HEADER, TAG, CORRUPT }

  private static final int HEADER_BYTES = 9 + 4; // E.2 header and PreviousTagSize0
  private static final int TAG_HEADER_BYTES = 11;
  private static final int TRAILER_BYTES = 4; // PreviousTagSize

  private final int maxTagBytes;
  private State state = State.HEADER;
  private byte[] buffer = new byte[4096];
  private int start;
  private int end;
  private int headerFlags = -1;

  /** @param maxTagBytes a larger tag is corrupt (the publisher's pipe bounds it anyway) */
  public FlvTagStream(int maxTagBytes) {
    this.maxTagBytes = maxTagBytes;
  }

  /**
   * Takes the next bytes and hands every tag they complete to {@code handler}.
   *
   * @throws MediaDecodeException when the bytes are not FLV (the stream then stays CORRUPT)
   */
  public void feed(byte[] bytes, int offset, int length, TagHandler handler) {
    if (state == State.CORRUPT) {
      throw new MediaDecodeException("the FLV stream was already corrupt");
    }
    append(bytes, offset, length);
    while (true) {
      int available = end - start;
      if (state == State.HEADER) {
        if (available < HEADER_BYTES) {
          return;
        }
        if (buffer[start] != 'F' || buffer[start + 1] != 'L' || buffer[start + 2] != 'V') {
          state = State.CORRUPT;
          throw new MediaDecodeException("not an FLV stream: it must start with 'FLV'");
        }
        headerFlags = buffer[start + 4] & 0xFF;
        start += HEADER_BYTES;
        state = State.TAG;
        continue;
      }
      if (available < TAG_HEADER_BYTES) {
        return;
      }
      int size = readInt(start + 1, 3);
      if (size > maxTagBytes) {
        state = State.CORRUPT;
        throw new MediaDecodeException("an FLV tag of " + size + " bytes, more than " + maxTagBytes + " allowed");
      }
      int whole = TAG_HEADER_BYTES + size + TRAILER_BYTES;
      if (available < whole) {
        return;
      }
      int type = buffer[start] & 0x1F; // Filter and Reserved bits above
      long timestamp = (long) readInt(start + 4, 3) | (long) (buffer[start + 7] & 0xFF) << 24;
      int at = start;
      start += whole;
      handler.tag(type, timestamp, buffer, at + TAG_HEADER_BYTES, size);
    }
  }

  /** E.2's TypeFlagsAudio: the header, once read, declares an audio track. */
  public boolean declaresAudio() {
    return headerFlags >= 0 && (headerFlags & 0x04) != 0;
  }

  /** E.2's TypeFlagsVideo. */
  public boolean declaresVideo() {
    return headerFlags >= 0 && (headerFlags & 0x01) != 0;
  }

  /** Whether the header has been read. */
  public boolean headerRead() {
    return headerFlags >= 0;
  }

  private void append(byte[] bytes, int offset, int length) {
    if (start == end) {
      start = 0;
      end = 0;
    }
    if (end + length > buffer.length) {
      int kept = end - start;
      if (kept + length > buffer.length) {
        buffer = Arrays.copyOfRange(buffer, start, start + Math.max(buffer.length * 2, kept + length));
      } else {
        System.arraycopy(buffer, start, buffer, 0, kept);
      }
      start = 0;
      end = kept;
    }
    System.arraycopy(bytes, offset, buffer, end, length);
    end += length;
  }

  private int readInt(int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 8 | (buffer[at + i] & 0xFF);
    }
    return v;
  }
}
