package io.captiond.media;

/**
 * The picture size an H.264 sequence parameter set gives (ISO 14496-10 section 7.3.2.1.1, cropping by
 * section 7.4.2.1.1's CropUnitX and CropUnitY): what the master playlist's RESOLUTION states.
 */
final class AvcPictureSize {

  private static final int NAL_SPS = 7;
  /** profile_idc values whose SPS carry chroma_format_idc and the bit depths. */
  private static final java.util.Set<Integer> HIGH_PROFILES =
      java.util.Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

  private AvcPictureSize() {}

  /** {width, height} of the SPS NAL unit ({@code length} bytes at {@code offset}, header byte first). */
  static int[] of(byte[] nal, int offset, int length) {
    if (length < 4 || (nal[offset] & 0x1F) != NAL_SPS) {
      throw new FlvTagException("the AVC sequence header's first parameter set is no SPS (NAL type "
          + (length == 0 ? "none" : nal[offset] & 0x1F) + ")");
    }
    byte[] rbsp = unescape(nal, offset + 1, length - 1);
    BitReader bits = new BitReader(rbsp, 0, rbsp.length, "an SPS of " + length + " bytes");
    int profile = bits.bits(8);
    bits.bits(16); // constraint flags, reserved bits, level_idc
    bits.unsigned(); // seq_parameter_set_id
    int chromaFormat = 1;
    boolean separatePlanes = false;
    if (HIGH_PROFILES.contains(profile)) {
      chromaFormat = bits.unsigned();
      if (chromaFormat == 3) {
        separatePlanes = bits.flag();
      }
      bits.unsigned(); // bit_depth_luma_minus8
      bits.unsigned(); // bit_depth_chroma_minus8
      bits.flag(); // qpprime_y_zero_transform_bypass_flag
      if (bits.flag()) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (bits.flag()) {
            skipScalingList(bits, i < 6 ? 16 : 64);
          }
        }
      }
    }
    bits.unsigned(); // log2_max_frame_num_minus4
    int pocType = bits.unsigned();
    if (pocType == 0) {
      bits.unsigned(); // log2_max_pic_order_cnt_lsb_minus4
    } else if (pocType == 1) {
      bits.flag();
      bits.signed();
      bits.signed();
      int cycle = bits.unsigned();
      for (int i = 0; i < cycle; i++) {
        bits.signed();
      }
    }
    bits.unsigned(); // max_num_ref_frames
    bits.flag(); // gaps_in_frame_num_value_allowed_flag
    int widthInMbs = bits.unsigned() + 1;
    int heightInMapUnits = bits.unsigned() + 1;
    boolean frameMbsOnly = bits.flag();
    if (!frameMbsOnly) {
      bits.flag(); // mb_adaptive_frame_field_flag
    }
    bits.flag(); // direct_8x8_inference_flag
    int width = widthInMbs * 16;
    int height = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16;
    if (bits.flag()) { // frame_cropping_flag
      int chromaArrayType = separatePlanes ? 0 : chromaFormat;
      int cropX = chromaArrayType == 0 ? 1 : chromaArrayType == 3 ? 1 : 2;
      int cropY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
      width -= cropX * (bits.unsigned() + bits.unsigned());
      height -= cropY * (bits.unsigned() + bits.unsigned());
    }
    if (width <= 0 || height <= 0) {
      throw new FlvTagException("the SPS crops its picture to " + width + "x" + height);
    }
    return new int[] {width, height};
  }

  /** Section 7.3.2.1.1.1: only the count of delta_scale codes matters here. */
  private static void skipScalingList(BitReader bits, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size && next != 0; j++) {
      next = (last + bits.signed() + 256) % 256;
      last = next == 0 ? last : next;
    }
  }

  /** Section 7.4.1: drops each emulation_prevention_three_byte (00 00 03). */
  private static byte[] unescape(byte[] data, int offset, int length) {
    byte[] out = new byte[length];
    int n = 0;
    int zeros = 0;
    for (int i = offset; i < offset + length; i++) {
      byte b = data[i];
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      zeros = b == 0 ? zeros + 1 : 0;
      out[n++] = b;
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
