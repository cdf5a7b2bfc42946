package io.captiond.media.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.cea608.A53Sei;
import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.FrameRate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionEmbedderTest {

  private static final FrameRate RATE = new FrameRate(30, 1);
  private static final CaptionChannel.Config CHANNEL = CaptionChannel.Config.popOn(RATE);
  private static final FlvTag SEQUENCE_HEADER =
      new FlvTag(FlvTag.VIDEO, 0, HexFormat.of().parseHex("17000000000164001effe000"));
  /** Decode order of an I P B B stream: the display index of each decoded frame. */
  private static final int[] DISPLAY_OF_DECODED = {0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 12, 10, 11};

  private static long frameTime(long index) {
    return RATE.frameTimeMs(index);
  }

  /** A frame tag: DTS from its decode index, PTS one frame later than its display index's time. */
  private static FlvTag frame(int decodeIndex, int displayIndex) {
    long dts = frameTime(decodeIndex);
    int cts = (int) (frameTime(displayIndex + 1) - dts);
    int frameType = displayIndex == 0 ? 0x17 : 0x27;
    byte[] body = {(byte) frameType, 1, (byte) (cts >> 16), (byte) (cts >> 8), (byte) cts,
        0, 0, 0, 3, 0x41, (byte) 0x9a, (byte) decodeIndex};
    return new FlvTag(FlvTag.VIDEO, dts, body);
  }

  private static List<FlvTag> bFrameStreamWithAudio() {
    List<FlvTag> tags = new ArrayList<>(List.of(SEQUENCE_HEADER));
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < DISPLAY_OF_DECODED.length; i++) {
        int decoded = round * DISPLAY_OF_DECODED.length + i;
        int display = round * DISPLAY_OF_DECODED.length + DISPLAY_OF_DECODED[i];
        tags.add(frame(decoded, display));
        tags.add(new FlvTag(FlvTag.AUDIO, frameTime(decoded), new byte[] {(byte) 0xAF, 1, (byte) decoded}));
      }
    }
    return tags;
  }

  /** The SEI NAL unit the embedder put in a frame tag (the first NAL unit, 4-byte lengths). */
  private static byte[] seiOf(FlvTag tag) {
    byte[] b = tag.body();
    int length = (b[5] & 0xFF) << 24 | (b[6] & 0xFF) << 16 | (b[7] & 0xFF) << 8 | (b[8] & 0xFF);
    assertEquals(6, b[9] & 0x1F, "an SEI first in " + tag);
    return Arrays.copyOfRange(b, 9, 9 + length);
  }

  private static List<FlvTag> run(CaptionEmbedder embedder, List<FlvTag> in) {
    List<FlvTag> out = new ArrayList<>();
    for (FlvTag tag : in) {
      out.addAll(embedder.accept(tag));
    }
    out.addAll(embedder.flush());
    return out;
  }

  @Test
  void givesBFramesTheirCaptionsInDisplayOrderAndKeepsTheTagsInDecodeOrder() {
    CaptionEmbedder embedder = new CaptionEmbedder(EmbedConfig.live(CHANNEL));
    embedder.caption("HELLO THERE, B-FRAMES", 0);
    List<FlvTag> in = bFrameStreamWithAudio();

    List<FlvTag> out = run(embedder, in);

    assertEquals(in.size(), out.size());
    for (int i = 0; i < in.size(); i++) {
      assertEquals(in.get(i).type(), out.get(i).type());
      assertEquals(in.get(i).timestampMs(), out.get(i).timestampMs());
    }
    List<FlvTag> frames = out.stream().filter(FlvTag::isAvcFrame).toList();
    CaptionChannel reference = new CaptionChannel(CHANNEL);
    reference.caption("HELLO THERE, B-FRAMES", 0);
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      expected.add(A53Sei.nalUnit(reference.nextFrame()));
    }
    List<FlvTag> shown = frames.stream().sorted(Comparator.comparingLong(FlvTag::presentationMs)).toList();
    for (int i = 0; i < shown.size(); i++) {
      assertArrayEquals(expected.get(i), seiOf(shown.get(i)), "display frame " + i);
    }
    boolean decodeOrderWouldDiffer = false;
    for (int i = 0; i < frames.size(); i++) {
      decodeOrderWouldDiffer |= !Arrays.equals(expected.get(i), seiOf(frames.get(i)));
    }
    assertTrue(decodeOrderWouldDiffer, "the stream's reordering must matter to this test");
  }

  @Test
  void holdsALiveOutputOnlyForTheReorderDepth() {
    CaptionEmbedder embedder = new CaptionEmbedder(EmbedConfig.live(CHANNEL));
    int most = 0;
    for (FlvTag tag : bFrameStreamWithAudio()) {
      embedder.accept(tag);
      most = Math.max(most, embedder.heldTags());
    }
    assertTrue(most <= 8, "held at most " + most + " tags");
  }

  private static List<FlvTag> plainStream(int frames) {
    List<FlvTag> tags = new ArrayList<>(List.of(SEQUENCE_HEADER));
    for (int i = 0; i < frames; i++) {
      byte[] body = {(byte) (i % 30 == 0 ? 0x17 : 0x27), 1, 0, 0, 0, 0, 0, 0, 2, 0x41, (byte) 0x9a};
      tags.add(new FlvTag(FlvTag.VIDEO, frameTime(i), body));
    }
    return tags;
  }

  /** Feeds 10 s of frames; the cue for 1.0 s is confirmed when the stream reaches 3.0 s. */
  private static List<EmbeddedCue> lateCue(EmbedConfig config, List<Long> firstOutAtNewest) {
    List<EmbeddedCue> embedded = new ArrayList<>();
    CaptionEmbedder embedder = new CaptionEmbedder(config, embedded::add);
    for (FlvTag tag : plainStream(300)) {
      if (tag.timestampMs() == frameTime(90)) {
        embedder.caption("spoken at one second", 1_000);
      }
      if (!embedder.accept(tag).isEmpty() && firstOutAtNewest.isEmpty()) {
        firstOutAtNewest.add(tag.timestampMs());
      }
    }
    embedder.flush();
    return embedded;
  }

  @Test
  void liveTimingEmbedsACueOnTheNextFrameOnceConfirmed() {
    List<Long> firstOut = new ArrayList<>();
    List<EmbeddedCue> cues = lateCue(EmbedConfig.live(CHANNEL), firstOut);
    assertEquals(1, cues.size());
    assertEquals(frameTime(90), cues.get(0).enteredAtPtsMs());
    assertEquals(0, firstOut.get(0), "a live output is not delayed");
  }

  @Test
  void syncedTimingDelaysTheOutputAndPutsTheCueOnTheFrameOfItsWords() {
    List<Long> firstOut = new ArrayList<>();
    List<EmbeddedCue> cues = lateCue(EmbedConfig.synced(2_500, CHANNEL), firstOut);
    assertEquals(1, cues.size());
    assertEquals(frameTime(30), cues.get(0).enteredAtPtsMs());
    assertNotNull(cues.get(0).paced());
    assertTrue(firstOut.get(0) >= 2_500, "first tag out when the stream reached " + firstOut.get(0));
  }

  @Test
  void syncedTimingTooShortForTheCueEmbedsItAsSoonAsItCan() {
    List<Long> firstOut = new ArrayList<>();
    List<EmbeddedCue> cues = lateCue(EmbedConfig.synced(500, CHANNEL), firstOut);
    assertEquals(1, cues.size());
    long entered = cues.get(0).enteredAtPtsMs();
    assertTrue(entered >= 2_500 - 34 && entered <= 2_500 + 34, "entered at " + entered);
    assertFalse(cues.get(0).refused());
  }

  @Test
  void passesAMalformedFrameOnUntouchedAndCountsIt() {
    CaptionEmbedder embedder = new CaptionEmbedder(EmbedConfig.live(CHANNEL));
    FlvTag broken = new FlvTag(FlvTag.VIDEO, 0, new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 9, 0x65});
    List<FlvTag> out = run(embedder, List.of(SEQUENCE_HEADER, broken));
    assertEquals(List.of(SEQUENCE_HEADER, broken), out);
    assertEquals(1, embedder.malformedTags());
  }
}
