package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 708 service 1, DTVCC packets, cc_data() and the A/53 SEI, by hand from the standards. */
class Cea708AndSeiTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static String hex(List<CcTriplet> triplets) {
    List<String> out = new ArrayList<>();
    for (CcTriplet t : triplets) {
      out.add(String.format("%02X %02X %02X", t.header(), t.data1(), t.data2()));
    }
    return String.join(" | ", out);
  }

  @Test
  void rollUpDefinesWindowZeroOnceThenSendsCarriageReturnAndText() {
    Cea708Service service = Cea708Service.rollUp(2);
    DtvccPacketizer packetizer = new DtvccPacketizer(1);
    // DF0, visible+row/column lock, rp+av 99, ah 50, anchor 7 + 1 row, 31 columns, style 4 pen 1; CR, 'H' 'i'
    // Service block 0x20|10; packet of 12 bytes: size code 6, sequence 0.
    assertEquals(
        "FF 06 2A | FE 98 38 | FE E3 32 | FE 71 1F | FE 21 0D | FE 48 69",
        hex(packetizer.packetize(service.cue(List.of("Hi")))));
    // Then: CW0, CR, 'A'; block 0x23; packet of 5 bytes padded to 6: size code 3, sequence 1.
    assertEquals("FF 43 23 | FE 80 0D | FE 41 00", hex(packetizer.packetize(service.cue(List.of("A")))));
  }

  @Test
  void popOnWritesTheHiddenWindowThenShowsItAndDeletesTheOther() {
    Cea708Service service = Cea708Service.popOn();
    List<byte[]> commands = service.cue(List.of("a", "b"));
    byte[] flat = flatten(commands);
    // DF0 hidden (row+column lock), 2 rows, style 1; CLW window 0; 'a' CR 'b'; DSW 0; DLW 1
    assertEquals("98 18 E3 32 71 1F 09 88 01 61 0D 62 89 01 8C 02", hex(flat));
    byte[] next = flatten(service.cue(List.of("c")));
    assertEquals("99 18 E3 32 70 1F 09 88 02 63 89 02 8C 01", hex(next));
    assertEquals("8C 03", hex(flatten(service.erase())));
  }

  @Test
  void mapsTextToG0G1AndG2() {
    byte[] flat = flatten(Cea708Service.popOn().cue(List.of("é♪…中")));
    assertTrue(hex(flat).contains("E9 7F 10 25 3F"), hex(flat));
  }

  @Test
  void splitsLongTextIntoBlocksOfThirtyOneAndPacketsOfOneHundredTwentyEight() {
    DtvccPacketizer packetizer = new DtvccPacketizer(1);
    List<byte[]> commands = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      commands.add(new byte[] {'x'});
    }
    List<CcTriplet> triplets = packetizer.packetize(commands);
    int packets = 0;
    for (CcTriplet t : triplets) {
      if (t.type() == CcTriplet.DTVCC_START) {
        assertEquals(packets == 2 ? 60 : 49, (t.data1() & 0x3F), "packet size code");
        int code = t.data1() & 0x3F;
        assertEquals(packets & 3, t.data1() >> 6, "sequence numbers count 0..3");
        assertTrue(code == 0 || code * 2 <= 128);
        assertEquals(0x20 | 31, t.data2(), "a full block of service 1");
        packets++;
      }
    }
    // 300 bytes: 9 full blocks of 32 bytes (header + 31) and one of 22. A fourth full block would
    // make 1 + 4 * 32 = 129 > 128, so packets take three (97 bytes, padded to 98); the last takes
    // the three remaining full ones and the short one (1 + 96 + 22 = 119, padded to 120).
    assertEquals(3, packets);
    assertEquals(49 + 49 + 60, triplets.size());
  }

  @Test
  void writesCcDataWithCountEmDataAndMarker() {
    CcData data = new CcData(List.of(
        CcTriplet.field(0, Cea608Command.EOC.pair()), CcTriplet.FIELD_2_PADDING, CcTriplet.DTVCC_PADDING));
    assertEquals("C3 FF FC 94 2F FD 80 80 FA 00 00 FF", hex(data.toBytes()));
  }

  @Test
  void wrapsCcDataInAnAtscT35SeiNalUnit() {
    CcData data = new CcData(List.of(CcTriplet.field(0, Cea608Command.EOC.pair()), CcTriplet.FIELD_2_PADDING));
    // NAL type 6; payload type 4, size 17 (8 + 9); B5 0031 'GA94' 03; cc_data; trailing bits 0x80
    assertEquals(
        "06 04 11 B5 00 31 47 41 39 34 03 C2 FF FC 94 2F FD 80 80 FF 80", hex(A53Sei.nalUnit(data)));
    assertEquals("00 00 00 01 06 04 11", hex(A53Sei.annexB(data)).substring(0, 20));
    byte[] avcc = A53Sei.avcc(data);
    assertEquals(21, avcc[3]);
  }

  @Test
  void codesLargePayloadSizesWithFfBytesAndEscapesStartCodePrefixes() {
    List<CcTriplet> triplets = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      triplets.add(CcTriplet.DTVCC_PADDING);
    }
    byte[] nal = A53Sei.nalUnit(new CcData(triplets));
    // payload 8 + 2 + 93 + 1 = 104 bytes; the 00 00 FA runs need no escape (FA > 03)
    assertEquals("06 04 68", hex(nal).substring(0, 8));
    assertArrayEquals(new byte[] {0, 0, 3, 1, 0, 0, 3, 0, 0, 3, 0, 3, 5}, A53Sei.escape(new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 3, 5}));
  }

  private static byte[] flatten(List<byte[]> commands) {
    int n = commands.stream().mapToInt(c -> c.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] c : commands) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }
}
