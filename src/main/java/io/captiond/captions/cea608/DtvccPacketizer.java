package io.captiond.captions.cea608;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames service-layer commands for transport in {@code cc_data()} (CEA-708-E sections 5 and 6):
 * commands go whole into service blocks ({@code service_number(3) block_size(5)}, at most 31
 * bytes), blocks into DTVCC packets ({@code sequence_number(2) packet_size_code(6)}, at most 128
 * bytes, padded to an even size with null), and each packet becomes byte pairs: the first with
 * cc_type 3 (packet start), the rest cc_type 2. Sequence numbers count 0..3 and wrap.
 */
public final class DtvccPacketizer {

  static final int MAX_BLOCK_DATA = 31;
  static final int MAX_PACKET = 128;

  private final int service;
  private int sequence;

  /** @param service the standard service number, 1..6 (the 3-bit header form) */
  public DtvccPacketizer(int service) {
    if (service < 1 || service > 6) {
      throw new IllegalArgumentException("standard services are 1..6, was " + service);
    }
    this.service = service;
  }

  /** The triplets carrying {@code commands}; none for no commands. */
  public List<CcTriplet> packetize(List<byte[]> commands) {
    List<CcTriplet> out = new ArrayList<>();
    List<byte[]> blocks = blocks(commands);
    int i = 0;
    while (i < blocks.size()) {
      List<byte[]> inPacket = new ArrayList<>();
      int size = 1; // packet header
      while (i < blocks.size() && size + blocks.get(i).length <= MAX_PACKET) {
        size += blocks.get(i).length;
        inPacket.add(blocks.get(i++));
      }
      out.addAll(packet(inPacket, size));
    }
    return out;
  }

  private List<byte[]> blocks(List<byte[]> commands) {
    List<byte[]> blocks = new ArrayList<>();
    byte[] data = new byte[MAX_BLOCK_DATA];
    int length = 0;
    for (byte[] command : commands) {
      if (command.length > MAX_BLOCK_DATA) {
        throw new IllegalArgumentException("a command of " + command.length + " bytes exceeds a service block");
      }
      if (length + command.length > MAX_BLOCK_DATA) {
        blocks.add(block(data, length));
        length = 0;
      }
      System.arraycopy(command, 0, data, length, command.length);
      length += command.length;
    }
    if (length > 0) {
      blocks.add(block(data, length));
    }
    return blocks;
  }

  private byte[] block(byte[] data, int length) {
    byte[] block = new byte[1 + length];
    block[0] = (byte) (service << 5 | length);
    System.arraycopy(data, 0, block, 1, length);
    return block;
  }

  private List<CcTriplet> packet(List<byte[]> blocks, int size) {
    int padded = size + size % 2;
    byte[] packet = new byte[padded];
    int sizeCode = padded / 2 == 64 ? 0 : padded / 2; // 0 stands for 128 bytes
    packet[0] = (byte) (sequence << 6 | sizeCode);
    sequence = (sequence + 1) & 3;
    int at = 1;
    for (byte[] block : blocks) {
      System.arraycopy(block, 0, packet, at, block.length);
      at += block.length;
    }
    List<CcTriplet> pairs = new ArrayList<>(padded / 2);
    for (int i = 0; i < padded; i += 2) {
      int type = i == 0 ? CcTriplet.DTVCC_START : CcTriplet.DTVCC_DATA;
      pairs.add(new CcTriplet(true, type, packet[i] & 0xFF, packet[i + 1] & 0xFF));
    }
    return pairs;
  }
}
