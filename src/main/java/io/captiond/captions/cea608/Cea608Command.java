package io.captiond.captions.cea608;

/**
 * The miscellaneous control codes of CEA-608-E table 52, second byte for data channel 1 of field 1
 * (first byte 0x14). Each is sent twice in consecutive frames (section 4.1.4, "redundancy").
 */
public enum Cea608Command {
  /** Resume caption loading: the next characters go to the non-displayed memory (pop-on). */
  RCL(0x20),
  BS(0x21),
  AOF(0x22),
  AON(0x23),
  /** Delete to end of row. */
  DER(0x24),
  RU2(0x25),
  RU3(0x26),
  RU4(0x27),
  FON(0x28),
  /** Resume direct captioning (paint-on). */
  RDC(0x29),
  TR(0x2A),
  RTD(0x2B),
  /** Erase displayed memory. */
  EDM(0x2C),
  /** Carriage return: in roll-up, the rows move up one and the cursor goes to the base row's start. */
  CR(0x2D),
  /** Erase non-displayed memory. */
  ENM(0x2E),
  /** End of caption: swap displayed and non-displayed memories (pop-on). */
  EOC(0x2F);

  /** First byte of a miscellaneous control code on CC1 (channel 1, field 1). */
  static final int CC1_MISC = 0x14;

  private final int secondByte;

  Cea608Command(int secondByte) {
    this.secondByte = secondByte;
  }

  public Cea608Pair pair() {
    return Cea608Pair.of(CC1_MISC, secondByte);
  }

  /** The roll-up command for a window of 2, 3 or 4 rows. */
  public static Cea608Command rollUp(int rows) {
    return switch (rows) {
      case 2 -> RU2;
      case 3 -> RU3;
      case 4 -> RU4;
      default -> throw new IllegalArgumentException("roll-up windows hold 2..4 rows, was " + rows);
    };
  }
}
