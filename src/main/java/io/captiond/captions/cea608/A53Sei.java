package io.captiond.captions.cea608;

import java.io.ByteArrayOutputStream;

/**
 * Carries {@code cc_data()} in H.264 the way ATSC A/53 part 4 (section 6.2.3) and SCTE 128 say:
 * an SEI message {@code user_data_registered_itu_t_t35} (ITU-T H.264 section D.1.6, payload type
 * 4) holding {@code itu_t_t35_country_code 0xB5} (USA), {@code itu_t_t35_provider_code 0x0031}
 * (ATSC), {@code user_identifier 'GA94'}, {@code user_data_type_code 0x03} and the cc_data. The NAL
 * unit (type 6) adds H.264 section 7.3.2.3's size coding (0xFF per 255) and rbsp trailing bits,
 * and section 7.4.1's emulation prevention (0x03 after two zeros before a byte of 0..3).
 */
public final class A53Sei {

  static final int NAL_SEI = 6;
  static final int PAYLOAD_USER_DATA_REGISTERED = 4;
  static final byte[] T35_ATSC_GA94 = {(byte) 0xB5, 0x00, 0x31, 'G', 'A', '9', '4', 0x03};
  private static final byte[] START_CODE = {0, 0, 0, 1};

  private A53Sei() {}

  /** The {@code user_data_registered_itu_t_t35} payload: T.35 header, GA94, type 3, cc_data. */
  public static byte[] t35Payload(CcData ccData) {
    byte[] cc = ccData.toBytes();
    byte[] payload = new byte[T35_ATSC_GA94.length + cc.length];
    System.arraycopy(T35_ATSC_GA94, 0, payload, 0, T35_ATSC_GA94.length);
    System.arraycopy(cc, 0, payload, T35_ATSC_GA94.length, cc.length);
    return payload;
  }

  /** The SEI NAL unit (header byte first, no start code or length) carrying {@code ccData}. */
  public static byte[] nalUnit(CcData ccData) {
    byte[] payload = t35Payload(ccData);
    ByteArrayOutputStream rbsp = new ByteArrayOutputStream(payload.length + 8);
    writeSeiNumber(rbsp, PAYLOAD_USER_DATA_REGISTERED);
    writeSeiNumber(rbsp, payload.length);
    rbsp.writeBytes(payload);
    rbsp.write(0x80); // rbsp_stop_one_bit and alignment zeros
    ByteArrayOutputStream nal = new ByteArrayOutputStream(payload.length + 12);
    nal.write(NAL_SEI); // forbidden_zero_bit 0, nal_ref_idc 0, nal_unit_type 6
    nal.writeBytes(escape(rbsp.toByteArray()));
    return nal.toByteArray();
  }

  /** The NAL unit behind an Annex B start code (00 00 00 01), for MPEG-TS and raw streams. */
  public static byte[] annexB(CcData ccData) {
    byte[] nal = nalUnit(ccData);
    byte[] out = new byte[START_CODE.length + nal.length];
    System.arraycopy(START_CODE, 0, out, 0, START_CODE.length);
    System.arraycopy(nal, 0, out, START_CODE.length, nal.length);
    return out;
  }

  /** The NAL unit behind a 4-byte big-endian length, for AVCC (FLV, MP4). */
  public static byte[] avcc(CcData ccData) {
    byte[] nal = nalUnit(ccData);
    byte[] out = new byte[4 + nal.length];
    out[0] = (byte) (nal.length >>> 24);
    out[1] = (byte) (nal.length >>> 16);
    out[2] = (byte) (nal.length >>> 8);
    out[3] = (byte) nal.length;
    System.arraycopy(nal, 0, out, 4, nal.length);
    return out;
  }

  /** Inserts emulation_prevention_three_byte where two zeros precede a byte of 0x00..0x03. */
  static byte[] escape(byte[] rbsp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rbsp.length + rbsp.length / 64 + 1);
    int zeros = 0;
    for (byte b : rbsp) {
      if (zeros >= 2 && (b & 0xFF) <= 0x03) {
        out.write(0x03);
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return out.toByteArray();
  }

  /** last_payload_type_byte / payload_size coding: a 0xFF per whole 255, then the remainder. */
  private static void writeSeiNumber(ByteArrayOutputStream out, int value) {
    for (int v = value; ; v -= 255) {
      if (v < 255) {
        out.write(v);
        return;
      }
      out.write(0xFF);
    }
  }
}
