package io.captiond.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TsTimestampsTest {

  static final int VIDEO_PID = 0x100;
  static final int AUDIO_PID = 0x101;
  static final int PMT_PID = 0x1000;

  @TempDir
  Path dir;

  @Test
  void readsTheFirstPtsOfEachStreamOfTheProgram() throws Exception {
    byte[] ts = concat(pat(), pmt(), pes(VIDEO_PID, 0xE0, 126_000L, true), pes(AUDIO_PID, 0xC0, 125_000L, false),
        pes(VIDEO_PID, 0xE0, 129_000L, false), pes(AUDIO_PID, 0xC0, 127_000L, true));
    List<TsTimestamps.Track> tracks = TsTimestamps.firstPts(ts);
    assertEquals(List.of(new TsTimestamps.Track(VIDEO_PID, 0x1B, TsTimestamps.Kind.VIDEO, 126_000L),
        new TsTimestamps.Track(AUDIO_PID, 0x0F, TsTimestamps.Kind.AUDIO, 125_000L)), tracks);
    assertEquals(126_000L, TsTimestamps.startPts(tracks), "the video's start wins");
  }

  @Test
  void readsAllThirtyThreeBitsOfAPts() throws Exception {
    long pts = (1L << 33) - 2;
    assertEquals(pts, TsTimestamps.firstPts(concat(pat(), pmt(), pes(VIDEO_PID, 0xE0, pts, true))).get(0).firstPts());
  }

  @Test
  void continuationPacketsAndPesWithoutPtsAreSkipped() throws Exception {
    byte[] continuation = packet(VIDEO_PID, false, new byte[] {1, 2, 3});
    byte[] noPts = packet(AUDIO_PID, true, new byte[] {0, 0, 1, (byte) 0xC0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0});
    List<TsTimestamps.Track> tracks = TsTimestamps.firstPts(concat(pat(), pmt(), continuation, noPts,
        pes(AUDIO_PID, 0xC0, 900, false)));
    assertEquals(List.of(new TsTimestamps.Track(AUDIO_PID, 0x0F, TsTimestamps.Kind.AUDIO, 900)), tracks);
  }

  @Test
  void aPacketOutOfSyncIsAClearError() {
    byte[] ts = concat(pat(), pmt(), pes(VIDEO_PID, 0xE0, 1, true));
    ts[2 * 188] = 0x12;
    TsFormatException e = assertThrows(TsFormatException.class, () -> TsTimestamps.firstPts(ts));
    assertEquals("no sync byte at offset 376: 0x12 where 0x47 starts every packet", e.getMessage());
  }

  @Test
  void garbageIsRejectedAtItsFirstByte() {
    byte[] garbage = "this is not an MPEG transport stream, just text".repeat(10).getBytes();
    TsFormatException e = assertThrows(TsFormatException.class, () -> TsTimestamps.firstPts(garbage));
    assertTrue(e.getMessage().startsWith("no sync byte at offset 0: 0x74"), e.getMessage());
  }

  @Test
  void truncatedInputSaysWhere() {
    TsFormatException shortOne = assertThrows(TsFormatException.class, () -> TsTimestamps.firstPts(new byte[100]));
    assertEquals("truncated: 100 bytes, less than one 188-byte transport packet", shortOne.getMessage());
    byte[] cut = Arrays.copyOf(concat(pat(), pmt(), pes(VIDEO_PID, 0xE0, 1, true)), 2 * 188 + 50);
    TsFormatException e = assertThrows(TsFormatException.class, () -> TsTimestamps.firstPts(cut));
    assertEquals("no PES packet with a PTS in any of PIDs [256, 257]; truncated at offset 376 (50 of 188 bytes)",
        e.getMessage());
  }

  @Test
  void aSegmentWithoutTablesOrTimesIsAClearError() {
    TsFormatException noPat = assertThrows(TsFormatException.class,
        () -> TsTimestamps.firstPts(pes(VIDEO_PID, 0xE0, 1, true)));
    assertEquals("no program association table (PID 0); read 188 bytes", noPat.getMessage());
    byte[] badPes = packet(VIDEO_PID, true, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    TsFormatException e = assertThrows(TsFormatException.class, () -> TsTimestamps.firstPts(concat(pat(), pmt(), badPes)));
    assertEquals("PES at offset 376 starts with 0x090909, expected 0x000001", e.getMessage());
  }

  @Test
  void mutatedSegmentsGiveTracksOrAClearErrorNeverAnotherException() {
    byte[] valid = concat(pat(), pmt(), pes(VIDEO_PID, 0xE0, 126_000L, true), pes(AUDIO_PID, 0xC0, 125_000L, false));
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] mutated = Arrays.copyOf(valid, random.nextInt(4) == 0 ? random.nextInt(valid.length + 1) : valid.length);
      for (int flips = 1 + random.nextInt(4); flips > 0 && mutated.length > 0; flips--) {
        int at = random.nextInt(mutated.length);
        mutated[at] = at % 188 == 0 && random.nextBoolean() ? 0x47 : (byte) random.nextInt(256);
      }
      try {
        for (TsTimestamps.Track track : TsTimestamps.firstPts(mutated)) {
          assertTrue(track.firstPts() >= 0 && track.firstPts() < 1L << 33, track::toString);
        }
      } catch (TsFormatException expected) {
        assertTrue(expected.getMessage().length() > 10);
      }
    }
  }

  @Test
  void agreesWithFfprobeOnASegmentFfmpegMade() throws Exception {
    Path ts = dir.resolve("seg.ts");
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=15",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "1", "-c:v", "libx264",
        "-preset", "ultrafast", "-c:a", "aac", "-output_ts_offset", "3.5", "-f", "mpegts", ts.toString());
    List<TsTimestamps.Track> tracks = TsTimestamps.firstPts(Files.readAllBytes(ts));
    assertEquals(2, tracks.size(), tracks::toString);
    for (TsTimestamps.Track track : tracks) {
      String kind = track.kind() == TsTimestamps.Kind.VIDEO ? "v" : "a";
      String first = run("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", "packet=pts",
          "-read_intervals", "%+#1", "-of", "csv=p=0", ts.toString()).lines().findFirst().orElseThrow().strip();
      assertEquals(Long.parseLong(first.split(",")[0]), track.firstPts(), track::toString);
    }
  }

  /** Runs a command (ffmpeg, ffprobe) to its end; fails the test unless it exits 0. */
  public static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  // --- a table of exact bytes: PAT, PMT and PES packets as ISO/IEC 13818-1 lays them out ---

  static byte[] pat() {
    return packet(0, true, new byte[] {0, // pointer_field
        0x00, (byte) 0xB0, 13, 0, 1, (byte) 0xC1, 0, 0, // table_id, section_length 13, tsid 1, version, sections
        0, 1, (byte) (0xE0 | PMT_PID >> 8), (byte) PMT_PID, // program 1 -> PMT PID
        0, 0, 0, 0}); // CRC (not checked)
  }

  static byte[] pmt() {
    return packet(PMT_PID, true, new byte[] {0,
        0x02, (byte) 0xB0, 23, 0, 1, (byte) 0xC1, 0, 0, // table_id 2, section_length 23, program 1
        (byte) 0xE1, 0x00, (byte) 0xF0, 0, // PCR PID 0x100, no program info
        0x1B, (byte) 0xE1, 0x00, (byte) 0xF0, 0, // H.264 on 0x100
        0x0F, (byte) 0xE1, 0x01, (byte) 0xF0, 0, // AAC on 0x101
        0, 0, 0, 0});
  }

  static byte[] pes(int pid, int streamId, long pts, boolean adaptation) {
    byte[] header = {0, 0, 1, (byte) streamId, 0, 0, (byte) 0x80, (byte) 0x80, 5,
        (byte) (0x21 | (pts >> 29) & 0x0E), (byte) (pts >> 22), (byte) (0x01 | (pts >> 14) & 0xFE),
        (byte) (pts >> 7), (byte) (0x01 | (pts << 1) & 0xFE), 0x09, (byte) 0xF0};
    return adaptation ? packetWithAdaptation(pid, header) : packet(pid, true, header);
  }

  static byte[] packet(int pid, boolean unitStart, byte[] payload) {
    byte[] packet = new byte[188];
    Arrays.fill(packet, (byte) 0xFF);
    packet[0] = 0x47;
    packet[1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
    packet[2] = (byte) pid;
    packet[3] = 0x10;
    System.arraycopy(payload, 0, packet, 4, payload.length);
    return packet;
  }

  // An adaptation field (as muxers put a PCR before a keyframe's PES) ahead of the payload.
  static byte[] packetWithAdaptation(int pid, byte[] payload) {
    byte[] packet = packet(pid, true, new byte[0]);
    packet[3] = 0x30;
    packet[4] = 7;
    packet[5] = 0x50;
    System.arraycopy(payload, 0, packet, 12, payload.length);
    return packet;
  }

  static byte[] concat(byte[]... packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
