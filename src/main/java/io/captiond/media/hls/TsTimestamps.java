package io.captiond.media.hls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads where an MPEG-TS segment starts in time: the PTS of the first PES packet of each
 * elementary stream its program map lists (ISO/IEC 13818-1, sections 2.4.3.2 packet header,
 * 2.4.3.4 adaptation field, 2.4.4.3 PAT, 2.4.4.8 PMT, 2.4.3.6 PES header). Only what that needs is
 * parsed: PAT, PMT, and the headers of PES packets that start in a transport packet. Never
 * guesses: a packet out of sync, a table or header cut short, or a segment without any PTS is a
 * {@link TsFormatException} naming the offset and what was seen. Pure.
 */
public final class TsTimestamps {

  public static final int PACKET_SIZE = 188;
  private static final int SYNC = 0x47;

  /** What kind of elementary stream a PMT stream_type names. */
  public enum Kind { VIDEO, AUDIO, OTHER }

  /** One elementary stream and the PTS of its first PES packet in the segment (33-bit, as carried). */
  public record Track(int pid, int streamType, Kind kind, long firstPts) {}

  private TsTimestamps() {}

  /**
   * What {@link #firstPts} read from some bytes, and whether it found the first PTS of every stream the PMT
   * lists: then it stopped there, and no byte after them can change the answer.
   */
  public record Scan(List<Track> tracks, boolean everyStream) {}

  /** The first PTS of each stream of the program, in PMT order; streams without a PES start are left out. */
  public static List<Track> firstPts(byte[] data) throws TsFormatException {
    return scan(data).tracks();
  }

  /** As {@link #firstPts}, saying whether the answer is complete ({@link Scan#everyStream}). */
  public static Scan scan(byte[] data) throws TsFormatException {
    if (data.length < PACKET_SIZE) {
      throw new TsFormatException("truncated: " + data.length + " bytes, less than one " + PACKET_SIZE
          + "-byte transport packet");
    }
    int pmtPid = -1;
    Map<Integer, Integer> streamTypes = null;
    Map<Integer, Long> firsts = new LinkedHashMap<>();
    int offset = 0;
    for (; offset + PACKET_SIZE <= data.length; offset += PACKET_SIZE) {
      if ((data[offset] & 0xFF) != SYNC) {
        throw new TsFormatException("no sync byte at offset " + offset + ": 0x"
            + Integer.toHexString(data[offset] & 0xFF) + " where 0x47 starts every packet");
      }
      int flags = data[offset + 1] & 0xFF;
      boolean unitStart = (flags & 0x40) != 0;
      int pid = (flags & 0x1F) << 8 | data[offset + 2] & 0xFF;
      int control = (data[offset + 3] >> 4) & 0x03;
      if (!unitStart || (control & 0x01) == 0) {
        continue; // no payload, or a continuation: nothing starts here
      }
      int payload = offset + 4;
      if ((control & 0x02) != 0) {
        payload += 1 + (data[offset + 4] & 0xFF);
      }
      int end = offset + PACKET_SIZE;
      if (payload >= end) {
        throw new TsFormatException("adaptation field of packet at offset " + offset
            + " runs past the packet (" + (data[offset + 4] & 0xFF) + " bytes)");
      }
      if (pid == 0 && pmtPid < 0) {
        pmtPid = programMapPid(data, payload, end, offset);
      } else if (pid == pmtPid && streamTypes == null) {
        streamTypes = streamTypes(data, payload, end, offset);
      } else if (streamTypes != null && streamTypes.containsKey(pid) && !firsts.containsKey(pid)) {
        long pts = pesPts(data, payload, end, offset);
        if (pts >= 0) {
          firsts.put(pid, pts);
        }
        if (firsts.size() == streamTypes.size()) {
          break;
        }
      }
    }
    if (firsts.isEmpty()) {
      String where = offset < data.length && offset + PACKET_SIZE > data.length
          ? "truncated at offset " + offset + " (" + (data.length - offset) + " of " + PACKET_SIZE + " bytes)"
          : "read " + data.length + " bytes";
      throw new TsFormatException(pmtPid < 0 ? "no program association table (PID 0); " + where
          : streamTypes == null ? "no program map table (PID " + pmtPid + "); " + where
          : "no PES packet with a PTS in any of PIDs " + streamTypes.keySet() + "; " + where);
    }
    List<Track> tracks = new ArrayList<>();
    for (Map.Entry<Integer, Integer> stream : streamTypes.entrySet()) {
      Long pts = firsts.get(stream.getKey());
      if (pts != null) {
        tracks.add(new Track(stream.getKey(), stream.getValue(), kind(stream.getValue()), pts));
      }
    }
    return new Scan(tracks, firsts.size() == streamTypes.size());
  }

  /** The first PTS of the segment's video, else of its audio, else of any stream. */
  public static long startPts(List<Track> tracks) {
    for (Kind kind : Kind.values()) {
      for (Track track : tracks) {
        if (track.kind() == kind) {
          return track.firstPts();
        }
      }
    }
    throw new IllegalArgumentException("no tracks");
  }

  static Kind kind(int streamType) {
    return switch (streamType) {
      case 0x01, 0x02, 0x10, 0x1B, 0x24 -> Kind.VIDEO; // MPEG-1/2, MPEG-4 part 2, H.264, H.265
      case 0x03, 0x04, 0x0F, 0x11, 0x81, 0x87 -> Kind.AUDIO; // MPEG audio, AAC ADTS/LATM, AC-3, E-AC-3
      default -> Kind.OTHER;
    };
  }

  // 2.4.4.3: pointer_field, then table_id 0x00, section_length, and 4-byte program entries.
  private static int programMapPid(byte[] data, int at, int end, int packet) throws TsFormatException {
    int section = sectionStart(data, at, end, packet, 0x00, "program association");
    int length = (data[section + 1] & 0x0F) << 8 | data[section + 2] & 0xFF;
    int entriesEnd = Math.min(section + 3 + length - 4, end);
    for (int i = section + 8; i + 4 <= entriesEnd; i += 4) {
      int program = (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
      if (program != 0) { // program 0 names the network PID
        return (data[i + 2] & 0x1F) << 8 | data[i + 3] & 0xFF;
      }
    }
    throw new TsFormatException("program association table at offset " + packet + " lists no program");
  }

  // 2.4.4.8: table_id 0x02, ..., program_info_length, then stream_type, PID, ES_info_length entries.
  private static Map<Integer, Integer> streamTypes(byte[] data, int at, int end, int packet)
      throws TsFormatException {
    int section = sectionStart(data, at, end, packet, 0x02, "program map");
    int length = (data[section + 1] & 0x0F) << 8 | data[section + 2] & 0xFF;
    int entriesEnd = section + 3 + length - 4;
    if (entriesEnd > end || section + 12 > end) {
      throw new TsFormatException("program map table at offset " + packet + " spans packets ("
          + length + " bytes); only single-packet tables are read");
    }
    int infoLength = (data[section + 10] & 0x0F) << 8 | data[section + 11] & 0xFF;
    Map<Integer, Integer> types = new LinkedHashMap<>();
    for (int i = section + 12 + infoLength; i + 5 <= entriesEnd; ) {
      int type = data[i] & 0xFF;
      int pid = (data[i + 1] & 0x1F) << 8 | data[i + 2] & 0xFF;
      types.put(pid, type);
      i += 5 + ((data[i + 3] & 0x0F) << 8 | data[i + 4] & 0xFF);
    }
    if (types.isEmpty()) {
      throw new TsFormatException("program map table at offset " + packet + " lists no stream");
    }
    return types;
  }

  private static int sectionStart(byte[] data, int at, int end, int packet, int tableId, String name)
      throws TsFormatException {
    int section = at + 1 + (data[at] & 0xFF);
    if (section + 8 > end) {
      throw new TsFormatException(name + " table at offset " + packet + " cut short");
    }
    if ((data[section] & 0xFF) != tableId) {
      throw new TsFormatException(name + " table at offset " + packet + " has table_id 0x"
          + Integer.toHexString(data[section] & 0xFF) + ", expected 0x0" + tableId);
    }
    return section;
  }

  // 2.4.3.6: 00 00 01, stream_id, length, '10' flags, PTS_DTS_flags, header length, PTS.
  private static long pesPts(byte[] data, int at, int end, int packet) throws TsFormatException {
    if (at + 14 > end) {
      throw new TsFormatException("PES header at offset " + packet + " cut short");
    }
    if (data[at] != 0 || data[at + 1] != 0 || data[at + 2] != 1) {
      throw new TsFormatException("PES at offset " + packet + " starts with 0x"
          + String.format("%02x%02x%02x", data[at], data[at + 1], data[at + 2]) + ", expected 0x000001");
    }
    if ((data[at + 7] & 0x80) == 0) {
      return -1; // no PTS in this PES
    }
    int p = at + 9;
    if ((data[p] & 0x01) == 0 || (data[p + 2] & 0x01) == 0 || (data[p + 4] & 0x01) == 0) {
      throw new TsFormatException("PTS at offset " + packet + " lacks its marker bits");
    }
    return ((long) (data[p] >> 1) & 0x07) << 30 | (long) (data[p + 1] & 0xFF) << 22
        | (long) ((data[p + 2] & 0xFF) >> 1) << 15 | (long) (data[p + 3] & 0xFF) << 7
        | (data[p + 4] & 0xFF) >> 1;
  }
}
