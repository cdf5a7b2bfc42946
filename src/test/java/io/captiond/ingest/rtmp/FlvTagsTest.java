package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlvTagsTest {

  @Test
  void aacSequenceHeaderCarriesTheAudioSpecificConfig() {
    AudioPacket packet = (AudioPacket) FlvTags.audio(0, RtmpVectors.hex("af00 1210"));
    assertEquals(AudioPacket.Type.SEQUENCE_HEADER, packet.type());
    assertEquals(new AudioSpecificConfig(2, 4, 44100, 2), AudioSpecificConfig.parse(packet.data()));
  }

  @Test
  void aacRawFrameKeepsItsTimestampAndBytes() {
    AudioPacket packet = (AudioPacket) FlvTags.audio(1234, RtmpVectors.hex("af01 0102"));
    assertEquals(AudioPacket.Type.RAW, packet.type());
    assertEquals(1234, packet.timestamp());
    assertArrayEquals(RtmpVectors.hex("0102"), packet.data());
  }

  @Test
  void audioSpecificConfigReadsEscapedObjectTypeAndExplicitRate() {
    // object type 31 + 6 bits (=> 32 + 1), index 15, 24-bit rate 48000, 1 channel.
    byte[] data = RtmpVectors.hex("f83e01770020");
    assertEquals(new AudioSpecificConfig(33, 15, 48000, 1), AudioSpecificConfig.parse(data));
    // AAC LC, 16 kHz, mono.
    assertEquals(new AudioSpecificConfig(2, 8, 16000, 1),
        AudioSpecificConfig.parse(RtmpVectors.hex("1408")));
  }

  @Test
  void avcSequenceHeaderAndFramesAreRecognised() {
    VideoPacket header = (VideoPacket) FlvTags.video(0, RtmpVectors.hex("1700000000 01640028"));
    assertEquals(VideoPacket.Type.SEQUENCE_HEADER, header.type());
    assertTrue(header.keyframe());
    VideoPacket inter = (VideoPacket) FlvTags.video(80, RtmpVectors.hex("2701ffffd8 00000001 41"));
    assertEquals(VideoPacket.Type.NALUS, inter.type());
    assertFalse(inter.keyframe());
    assertEquals(-40, inter.compositionTime(), "composition time is signed");
    assertEquals(40, inter.presentationTime());
  }

  @Test
  void enhancedRtmpCodecsAreReportedNotParsed() {
    assertEquals(new UnsupportedCodec(UnsupportedCodec.Track.VIDEO, "hvc1", "Enhanced RTMP video"),
        FlvTags.video(0, RtmpVectors.concat(RtmpVectors.hex("90"), "hvc1".getBytes(),
            RtmpVectors.hex("01"))));
    assertEquals("av01", ((UnsupportedCodec) FlvTags.video(0, RtmpVectors.concat(
        RtmpVectors.hex("91"), "av01".getBytes()))).codec());
    assertEquals("vp09", ((UnsupportedCodec) FlvTags.video(0, RtmpVectors.concat(
        RtmpVectors.hex("a1"), "vp09".getBytes()))).codec());
    assertEquals(new UnsupportedCodec(UnsupportedCodec.Track.AUDIO, "Opus", "Enhanced RTMP audio"),
        FlvTags.audio(0, RtmpVectors.concat(RtmpVectors.hex("90"), "Opus".getBytes())));
  }

  @Test
  void legacyCodecsOtherThanAacAndAvcAreReported() {
    UnsupportedCodec mp3 = (UnsupportedCodec) FlvTags.audio(0, RtmpVectors.hex("2f 00"));
    assertEquals("flv-audio-2", mp3.codec());
    UnsupportedCodec vp6 = (UnsupportedCodec) FlvTags.video(0, RtmpVectors.hex("14 00"));
    assertEquals("flv-video-4", vp6.codec());
  }

  @Test
  void videoCommandFramesAndEmptyTagsAreIgnored() {
    assertTrue(FlvTags.video(0, RtmpVectors.hex("5700")) instanceof Media.Ignored);
    assertTrue(FlvTags.audio(0, new byte[0]) instanceof Media.Ignored);
  }
}
