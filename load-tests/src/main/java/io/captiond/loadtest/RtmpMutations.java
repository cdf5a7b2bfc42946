package io.captiond.loadtest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile RTMP sessions made from a recorded real publish: each takes the handshake and the first
 * chunks of the recording and breaks them one way. The kinds are the ones a fuzzer of an RTMP
 * server needs: flipped bits, a cut, extreme chunk sizes, extreme message lengths, chunks sent twice,
 * chunks out of order, and bytes that are not RTMP at all.
 */
final class RtmpMutations {

  enum Kind { BIT_FLIPS, TRUNCATION, EXTREME_CHUNK_SIZE, EXTREME_LENGTH, DUPLICATED_CHUNKS, REORDERED_CHUNKS,
    GARBAGE }

  /** At most this much of the recording per session: the conversation, metadata and first media. */
  static final int MAX_BYTES = 48 * 1024;

  private final RtmpRecording recording;
  private final List<byte[]> head;

  RtmpMutations(RtmpRecording recording) {
    this.recording = recording;
    List<byte[]> chunks = new ArrayList<>();
    int total = 0;
    for (byte[] chunk : recording.chunks()) {
      if (total + chunk.length > MAX_BYTES) {
        break;
      }
      chunks.add(chunk);
      total += chunk.length;
    }
    this.head = List.copyOf(chunks);
  }

  byte[] session(Kind kind, Random random) {
    List<byte[]> chunks = new ArrayList<>(head);
    switch (kind) {
      case BIT_FLIPS -> {
        byte[] bytes = join(recording.handshake(), chunks);
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips; i++) {
          int at = RtmpRecording.HANDSHAKE + random.nextInt(bytes.length - RtmpRecording.HANDSHAKE);
          bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
      }
      case TRUNCATION -> {
        byte[] bytes = join(recording.handshake(), chunks);
        return java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
      }
      case EXTREME_CHUNK_SIZE -> {
        long[] sizes = {0, 1, 127, 128, 65_536, 65_537, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, random.nextInt()};
        long size = sizes[random.nextInt(sizes.length)];
        byte[] set = {0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0,
            (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
        chunks.add(random.nextInt(Math.max(1, chunks.size())), set);
        return join(recording.handshake(), chunks);
      }
      case EXTREME_LENGTH -> {
        int[] lengths = {0, 1, 0xFFFF, 0x10000, 0x7FFFFF, 0xFFFFFF, random.nextInt(0x1000000)};
        int length = lengths[random.nextInt(lengths.length)];
        int csid = 3 + random.nextInt(60);
        byte[] header = {(byte) csid, 0, 0, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
            (byte) (8 + random.nextInt(13)), 1, 0, 0, 0};
        byte[] body = new byte[random.nextInt(4096)];
        random.nextBytes(body);
        chunks.add(random.nextInt(Math.max(1, chunks.size())), join(header, List.of(body)));
        return join(recording.handshake(), chunks);
      }
      case DUPLICATED_CHUNKS -> {
        int copies = 1 + random.nextInt(8);
        for (int i = 0; i < copies && !chunks.isEmpty(); i++) {
          int at = random.nextInt(chunks.size());
          chunks.add(at, chunks.get(at));
        }
        return join(recording.handshake(), chunks);
      }
      case REORDERED_CHUNKS -> {
        int swaps = 1 + random.nextInt(8);
        for (int i = 0; i < swaps && chunks.size() > 1; i++) {
          int a = random.nextInt(chunks.size());
          int b = Math.min(chunks.size() - 1, a + 1 + random.nextInt(4));
          java.util.Collections.swap(chunks, a, b);
        }
        return join(recording.handshake(), chunks);
      }
      default -> {
        byte[] bytes = new byte[1 + random.nextInt(MAX_BYTES)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
          bytes[0] = 3; // past C0, into C1
        }
        return bytes;
      }
    }
  }

  private static byte[] join(byte[] first, List<byte[]> rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    rest.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
