package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.ingest.rtmp.AudioPacket;
import io.captiond.ingest.rtmp.PublishRevokedException;
import io.captiond.ingest.rtmp.VideoPacket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream time across publishers, late and overflowing packets, revocation: no threads, no FFmpeg. */
class StreamMediaTest {

  private static final byte[] ASC = {0x12, 0x10};
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final IngestMeters meters = new IngestMeters(registry, "s1");
  private final List<String> ended = new ArrayList<>();

  private PublisherFeed attach(StreamMedia media, String remote) {
    PublisherFeed feed = new PublisherFeed(media, remote, (f, reason) -> ended.add(remote + ": " + reason));
    media.attach(feed);
    return feed;
  }

  private static AudioPacket aac(long timestamp) {
    return new AudioPacket(timestamp, AudioPacket.Type.RAW, new byte[] {0x21, 0x10});
  }

  /** Timestamps of the audio tags in the FLV written so far (after the 13-byte header). */
  private static List<Long> audioTimes(InputStream in, int bytes) throws Exception {
    byte[] flv = in.readNBytes(bytes);
    List<Long> times = new ArrayList<>();
    int at = 13;
    while (at + 11 <= flv.length) {
      int size = (flv[at + 1] & 0xFF) << 16 | (flv[at + 2] & 0xFF) << 8 | flv[at + 3] & 0xFF;
      long time = (flv[at + 4] & 0xFFL) << 16 | (flv[at + 5] & 0xFFL) << 8 | flv[at + 6] & 0xFFL
          | (flv[at + 7] & 0xFFL) << 24;
      if (flv[at + 12] == 1) {
        times.add(time);
      }
      at += 11 + size + 4;
    }
    return times;
  }

  @Test
  void aReturningPublisherContinuesOneFrameAfterTheLastTimeReceived() throws Exception {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, meters);
    PublisherFeed first = attach(media, "a");
    first.audio(new AudioPacket(0, AudioPacket.Type.SEQUENCE_HEADER, ASC));
    first.audio(aac(1000));
    first.audio(aac(1023));
    first.audio(aac(1046));
    first.end("dropped");
    PublisherFeed second = attach(media, "b");
    second.audio(new AudioPacket(0, AudioPacket.Type.SEQUENCE_HEADER, ASC)); // same config: not repeated
    second.audio(aac(0));
    second.audio(aac(23));
    media.finish();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    media.audioInput().transferTo(all);
    List<Long> times = audioTimes(new java.io.ByteArrayInputStream(all.toByteArray()), all.size());
    assertEquals(List.of(1000L, 1023L, 1046L, 1069L, 1092L), times, "the first publisher's clock as it is, then continued");
    assertEquals(List.of("a: dropped"), ended);
    assertEquals(5.0, meters.audioFrames.count());
  }

  @Test
  void theFirstPublisherOfAStreamResumedAfterARestartContinuesAfterItsLastCaption() throws Exception {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, true, meters, 5_000);
    PublisherFeed feed = attach(media, "a");
    feed.audio(new AudioPacket(0, AudioPacket.Type.SEQUENCE_HEADER, ASC));
    feed.audio(aac(0)); // the encoder's clock starts again at 0 when it reconnects
    feed.audio(aac(23));
    media.finish();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    media.audioInput().transferTo(all);
    List<Long> times = audioTimes(new java.io.ByteArrayInputStream(all.toByteArray()), all.size());
    assertEquals(List.of(5_023L, 5_046L), times, "stream time goes on one frame after the resume point");
  }

  @Test
  void withoutAudioDecodeEveryPacketGoesToTheHlsPipeOnly() throws Exception {
    StreamMedia media = new StreamMedia("s1", 13 + 19, 1 << 16, true, false, meters);
    PublisherFeed feed = attach(media, "a");
    for (int i = 0; i < 10; i++) {
      feed.audio(aac(i * 23L)); // more than the decoder pipe would hold: nothing is dropped
    }
    media.finish();
    List<Long> times = audioTimes(media.mediaInput(), 13 + 10 * 19);
    assertEquals(10, times.size());
    assertEquals(0.0, meters.audioOverflow.count());
  }

  @Test
  void audioThatGoesBackInTimeIsDroppedAsLate() {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, meters);
    PublisherFeed feed = attach(media, "a");
    feed.audio(aac(100));
    feed.audio(aac(90));
    feed.audio(aac(100));
    feed.audio(aac(123));
    assertEquals(2.0, meters.late.count());
  }

  @Test
  void aFullDecoderPipeDropsInsteadOfBlocking() {
    StreamMedia media = new StreamMedia("s1", 13 + 3 * 19, 1 << 16, false, meters);
    PublisherFeed feed = attach(media, "a");
    for (int i = 0; i < 10; i++) {
      feed.audio(aac(i * 23L));
    }
    assertEquals(7.0, meters.audioOverflow.count(), "three 19-byte tags fit, seven do not");
  }

  @Test
  void aFullHlsPipeSkipsVideoUntilTheNextKeyframe() {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 13 + 40, true, meters);
    PublisherFeed feed = attach(media, "a");
    feed.video(new VideoPacket(0, 0, true, VideoPacket.Type.NALUS, new byte[20])); // 40 bytes: fits
    feed.video(new VideoPacket(40, 0, false, VideoPacket.Type.NALUS, new byte[20])); // full: dropped
    feed.video(new VideoPacket(80, 0, false, VideoPacket.Type.NALUS, new byte[20])); // awaits a keyframe
    assertEquals(2.0, meters.mediaOverflow.count());
  }

  @Test
  void aRevokedFeedClosesItsConnectionAtTheNextPacket() {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, meters);
    PublisherFeed old = attach(media, "a");
    old.audio(aac(0));
    old.revoke("replaced by a new publisher from b");
    PublisherFeed next = attach(media, "b");
    PublishRevokedException e = assertThrows(PublishRevokedException.class, () -> old.audio(aac(23)));
    assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    next.audio(aac(5000));
    assertEquals(2.0, meters.audioFrames.count());
  }

  @Test
  void theThirtyTwoBitRtmpClockIsUnwrapped() throws Exception {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, meters);
    PublisherFeed feed = attach(media, "a");
    feed.audio(aac(0xFFFFFFF0L));
    feed.audio(aac(0x00000007L)); // wrapped: 2^32 + 7, after the first, not late
    assertEquals(0.0, meters.late.count());
    assertEquals(0x100000007L, media.lastTime());
  }

  @Test
  void aClockThatJumpsForwardOrBackIsADiscontinuityAndStreamTimeGoesOnSmoothly() throws Exception {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, meters);
    PublisherFeed feed = attach(media, "a");
    feed.audio(aac(1000));
    feed.audio(aac(1023));
    feed.audio(aac(1023 + 67_320_000)); // 18.7 h ahead
    feed.audio(aac(1023 + 67_320_023));
    feed.audio(aac(50)); // and back to the start
    feed.audio(aac(73));
    feed.audio(aac(73 + 4_000)); // a stall of 4 s: a real gap, kept
    media.finish();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    media.audioInput().transferTo(all);
    List<Long> times = audioTimes(new java.io.ByteArrayInputStream(all.toByteArray()), all.size());
    assertEquals(List.of(1000L, 1023L, 1046L, 1069L, 1092L, 1115L, 5115L), times);
    assertEquals(2.0, meters.discontinuities.count());
    assertEquals(0.0, meters.late.count());
  }

  @Test
  void videoThatJumpsIsReanchoredAndAudioFollowsTheSameOffset() {
    StreamMedia media = new StreamMedia("s1", 1 << 16, 1 << 16, false, meters);
    PublisherFeed feed = attach(media, "a");
    feed.audio(aac(0));
    feed.video(new VideoPacket(10, 0, true, VideoPacket.Type.NALUS, new byte[4]));
    feed.video(new VideoPacket(3_600_010, 0, false, VideoPacket.Type.NALUS, new byte[4])); // one hour on
    feed.audio(aac(3_600_023));
    assertEquals(1.0, meters.discontinuities.count());
    assertEquals(0.0, meters.late.count(), "audio continues on the re-anchored clock");
    assertTrue(media.lastTime() < 100, "stream time stays near its start: " + media.lastTime());
  }
}
