package io.captiond.media.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.cea608.A53Sei;
import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.CcData;
import io.captiond.captions.cea608.FrameRate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SeiInsertionTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SEI = HEX.parseHex("06aabbcc80");

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  @Test
  void putsTheSeiAfterAudSpsAndPpsAndBeforeTheFirstSliceWithFourByteLengths() {
    byte[] unit = hex("00000002 0910" // AUD
        + "00000003 674d40" // SPS
        + "00000002 68ee" // PPS
        + "00000004 65888401"); // IDR slice
    byte[] expected = hex("00000002 0910 00000003 674d40 00000002 68ee"
        + "00000005 06aabbcc80"
        + "00000004 65888401");
    assertArrayEquals(expected, SeiInsertion.avcc(unit, 0, 4, SEI));
  }

  @Test
  void keepsBytesBeforeTheOffsetAndWritesTwoByteLengths() {
    byte[] unit = hex("1701000043" + "0003 419a20" + "0002 0104");
    byte[] expected = hex("1701000043" + "0005 06aabbcc80" + "0003 419a20" + "0002 0104");
    assertArrayEquals(expected, SeiInsertion.avcc(unit, 5, 2, SEI));
  }

  @Test
  void refusesALengthThatRunsPastTheData() {
    EmbedException e = assertThrows(EmbedException.class,
        () -> SeiInsertion.avcc(hex("00000009 6588"), 0, 4, SEI));
    assertTrue(e.getMessage().contains("9 bytes"), e.getMessage());
  }

  @Test
  void refusesAnAccessUnitWithoutASlice() {
    assertThrows(EmbedException.class, () -> SeiInsertion.avcc(hex("00000002 0910"), 0, 4, SEI));
    assertThrows(EmbedException.class, () -> SeiInsertion.annexB(hex("00000001 0910"), SEI));
  }

  @Test
  void refusesAnSeiTooLongForOneByteLengths() {
    assertThrows(EmbedException.class, () -> SeiInsertion.avcc(hex("01 65"), 0, 1, new byte[256]));
  }

  @Test
  void insertsBeforeTheStartCodeOfTheFirstSliceInAnnexB() {
    byte[] unit = hex("00000001 0910 000001 674d40 00000001 68ee 000001 65888401");
    byte[] expected = hex("00000001 0910 000001 674d40 00000001 68ee 00000001 06aabbcc80 000001 65888401");
    assertArrayEquals(expected, SeiInsertion.annexB(unit, SEI));
    byte[] fourByte = hex("00000001 0910 00000001 419a");
    assertArrayEquals(hex("00000001 0910 00000001 06aabbcc80 00000001 419a"), SeiInsertion.annexB(fourByte, SEI));
  }

  @Test
  void rewritesAnFlvFrameTagAndItsSizes() {
    AvcTagRewriter rewriter = new AvcTagRewriter();
    // AVCDecoderConfigurationRecord: version 1, profile, compat, level, 0xFF (lengthSizeMinusOne 3), no SPS/PPS
    rewriter.configure(new FlvTag(FlvTag.VIDEO, 0, hex("1700000000 0164001eff e000")));
    FlvTag frame = new FlvTag(FlvTag.VIDEO, 40, hex("2701000021 00000004 419a2080"));
    CcData cc = new CaptionChannel(CaptionChannel.Config.rollUp(new FrameRate(30, 1))).nextFrame();
    byte[] sei = A53Sei.nalUnit(cc);

    FlvTag out = rewriter.withCaptions(frame, cc);

    byte[] expectedBody = concat(hex("2701000021"), lengthOf(sei), sei, hex("00000004 419a2080"));
    assertArrayEquals(expectedBody, out.body());
    assertEquals(40, out.timestampMs());
    assertEquals(33, out.compositionTime());
    byte[] file = out.toBytes();
    int dataSize = (file[1] & 0xFF) << 16 | (file[2] & 0xFF) << 8 | (file[3] & 0xFF);
    assertEquals(frame.body().length + 4 + sei.length, dataSize);
    int previous = (file[file.length - 4] & 0xFF) << 24 | (file[file.length - 3] & 0xFF) << 16
        | (file[file.length - 2] & 0xFF) << 8 | (file[file.length - 1] & 0xFF);
    assertEquals(11 + dataSize, previous);
    assertEquals(11 + dataSize + 4, file.length);
  }

  @Test
  void readsTheNalLengthSizeFromTheSequenceHeader() {
    assertEquals(2, AvcDecoderConfig.parse(hex("0164001efd"), 0).nalLengthSize());
    assertEquals(4, AvcDecoderConfig.parse(hex("0164001eff"), 0).nalLengthSize());
    assertThrows(EmbedException.class, () -> AvcDecoderConfig.parse(hex("0164001efe"), 0));
    assertThrows(EmbedException.class, () -> AvcDecoderConfig.parse(hex("0264001eff"), 0));
  }

  @Test
  void refusesAFrameBeforeAnySequenceHeader() {
    FlvTag frame = new FlvTag(FlvTag.VIDEO, 0, hex("1701000000 00000002 6588"));
    CcData cc = new CaptionChannel(CaptionChannel.Config.rollUp(new FrameRate(30, 1))).nextFrame();
    assertThrows(EmbedException.class, () -> new AvcTagRewriter().withCaptions(frame, cc));
  }

  static byte[] lengthOf(byte[] nal) {
    return new byte[] {(byte) (nal.length >>> 24), (byte) (nal.length >>> 16), (byte) (nal.length >>> 8), (byte) nal.length};
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
