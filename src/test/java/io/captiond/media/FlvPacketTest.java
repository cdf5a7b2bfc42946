package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.embed.FlvTag;
import org.junit.jupiter.api.Test;

/** Each FLV tag read as FFmpeg's FLV demuxer makes its packet: times, key flags, payload, what is no packet. */
class FlvPacketTest {

  private static final byte[] NALS = {0, 0, 0, 2, 0x65, 0x11};

  private static FlvPacket read(FlvTag tag) {
    byte[] padded = new byte[3 + tag.body().length];
    System.arraycopy(tag.body(), 0, padded, 3, tag.body().length);
    return FlvPacket.read(tag.type(), tag.timestampMs(), padded, 3, tag.body().length);
  }

  @Test
  void aVideoFrameIsPresentedAtItsDecodeTimePlusTheCompositionTime() {
    FlvPacket packet = read(FlvWriter.videoTag(1_000, 66, false, 1, NALS));
    assertEquals(FlvPacket.Kind.VIDEO, packet.kind());
    assertEquals(1_000, packet.dtsMs());
    assertEquals(1_066, packet.ptsMs());
    assertFalse(packet.key());
    assertEquals(3 + 5, packet.offset(), "the payload starts after the 5-byte AVC header");
    assertEquals(NALS.length, packet.length());
  }

  @Test
  void aNegativeCompositionTimeIsSignExtended() {
    FlvPacket packet = read(FlvWriter.videoTag(1_000, -40, true, 1, NALS));
    assertEquals(960, packet.ptsMs());
  }

  @Test
  void aKeyframeIsKeyAndEveryAudioFrameIsKey() {
    assertTrue(read(FlvWriter.videoTag(0, 0, true, 1, NALS)).key());
    FlvPacket audio = read(FlvWriter.audioTag(23, false, new byte[] {0x21, 0x10, 0x04}));
    assertEquals(FlvPacket.Kind.AUDIO, audio.kind());
    assertTrue(audio.key());
    assertEquals(23, audio.dtsMs());
    assertEquals(23, audio.ptsMs());
    assertEquals(3 + 2, audio.offset(), "the payload starts after the 2-byte AAC header");
    assertEquals(3, audio.length());
  }

  @Test
  void sequenceHeadersAreConfigurationsNotPackets() {
    FlvPacket video = read(FlvWriter.videoTag(0, 0, true, 0, new byte[] {1, 0x64, 0, 0x1F}));
    assertEquals(FlvPacket.Kind.VIDEO_CONFIG, video.kind());
    assertEquals(3 + 5, video.offset());
    assertEquals(4, video.length());
    FlvPacket audio = read(FlvWriter.audioTag(0, true, new byte[] {0x12, 0x10}));
    assertEquals(FlvPacket.Kind.AUDIO_CONFIG, audio.kind());
    assertEquals(2, audio.length());
  }

  @Test
  void scriptDataEndOfSequenceAndEmptyFramesAreNoPackets() {
    assertEquals(FlvPacket.Kind.NONE, read(new FlvTag(FlvTag.SCRIPT_DATA, 0, new byte[] {2, 0, 1, 'x'})).kind());
    assertEquals(FlvPacket.Kind.NONE, read(FlvWriter.videoTag(0, 0, false, 2, new byte[0])).kind());
    assertEquals(FlvPacket.Kind.NONE, read(FlvWriter.videoTag(0, 0, false, 1, new byte[0])).kind());
    assertEquals(FlvPacket.Kind.NONE, read(FlvWriter.audioTag(0, false, new byte[0])).kind());
    assertEquals(FlvPacket.Kind.NONE, read(new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x57, 0})).kind(),
        "FrameType 5: a command frame");
  }

  @Test
  void aTagOfAnotherCodecOrATruncatedOrUnknownHeaderIsRefusedSayingWhat() {
    FlvTagException sorenson = assertThrows(FlvTagException.class,
        () -> read(new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x12, 1, 0, 0, 0, 1})));
    assertTrue(sorenson.getMessage().contains("CodecID 2"), sorenson.getMessage());
    FlvTagException mp3 = assertThrows(FlvTagException.class,
        () -> read(new FlvTag(FlvTag.AUDIO, 0, new byte[] {0x2F, 1, 2})));
    assertTrue(mp3.getMessage().contains("SoundFormat 2"), mp3.getMessage());
    FlvTagException truncated = assertThrows(FlvTagException.class,
        () -> read(new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x17, 1, 0})));
    assertTrue(truncated.getMessage().contains("3 bytes"), truncated.getMessage());
    assertThrows(FlvTagException.class, () -> read(new FlvTag(FlvTag.AUDIO, 0, new byte[] {(byte) 0xAF})));
    FlvTagException type = assertThrows(FlvTagException.class,
        () -> read(new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x17, 7, 0, 0, 0, 1})));
    assertTrue(type.getMessage().contains("AVCPacketType 7"), type.getMessage());
    assertThrows(FlvTagException.class, () -> read(new FlvTag(FlvTag.AUDIO, 0, new byte[] {(byte) 0xAF, 2, 1})));
  }
}
