package io.captiond.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.asr.TranscriptJson;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import io.captiond.asr.AsrRequestCodec;
import io.captiond.captions.CaptionEvent;
import io.captiond.media.PcmChunk;
import io.captiond.media.PcmChunkCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every message type survives the trip over the wire, as it would between cluster nodes. */
class CodecsTest {

  @Test
  void pcmChunksRoundTripSampleForSample() {
    short[] samples = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 1234};
    PcmChunk back = roundTrip(new PcmChunkCodec(), new PcmChunk("strëam", 123_456_789_012L, samples));
    assertEquals("strëam", back.streamId());
    assertEquals(123_456_789_012L, back.startMs());
    assertArrayEquals(samples, back.samples());
  }

  @Test
  void asrRequestsKeepOptionsAndAudio() {
    short[] samples = {5, -5, 300};
    AsrRequest back = roundTrip(new AsrRequestCodec(), new AsrRequest("s1", null,
        new TranscribeOptions("en", "previous \"text\""), new AudioWindow(42, samples)));
    assertEquals("s1", back.streamId());
    assertEquals(null, back.engine());
    assertEquals(new TranscribeOptions("en", "previous \"text\""), back.options());
    assertEquals(42, back.window().startMs());
    assertArrayEquals(samples, back.window().samples());
    AsrRequest translate = roundTrip(new AsrRequestCodec(), new AsrRequest("s2", "whisper-base",
        new TranscribeOptions(null, "", TranscribeOptions.TRANSLATE), new AudioWindow(0, samples)));
    assertEquals(new TranscribeOptions(null, "", "translate"), translate.options());
    assertEquals("whisper-base", translate.engine());
  }

  @Test
  void asrRequestsKeepTheUtteranceTheyFeed() {
    short[] samples = {1, 2};
    io.captiond.asr.UtteranceFeed feed = new io.captiond.asr.UtteranceFeed("s1/ab/3", 48_000, true);
    AsrRequest back = roundTrip(new AsrRequestCodec(), new AsrRequest("s1", "pocketsphinx",
        TranscribeOptions.of("en"), new AudioWindow(3_000, samples), 99L, feed));
    assertEquals(feed, back.feed());
    assertEquals(99L, back.deadlineMs());
    assertEquals(null, roundTrip(new AsrRequestCodec(), new AsrRequest("s1", null, TranscribeOptions.of("en"),
        new AudioWindow(0, samples))).feed());
  }

  @Test
  void transcriptsAndCaptionsRoundTripAsJson() {
    Transcript transcript = new Transcript(List.of(new Segment("hi you", 10, 900,
        List.of(new Word("hi", 10, 300, 0.9), new Word("you", 400, 900, 0.5)), 0.1, -0.3)), "en", WordTiming.ALIGNED);
    assertEquals(transcript, roundTrip(new JsonRecordCodec<>("t", TranscriptJson::toJson, TranscriptJson::fromJson),
        transcript));
    CaptionEvent caption = new CaptionEvent("s", 7, CaptionEvent.Type.FINAL, "hi", 1, 2);
    assertEquals(caption, roundTrip(new JsonRecordCodec<>("c", CaptionEvent::toStoredJson,
        CaptionEvent::fromStoredJson), caption));
  }

  private static <T> T roundTrip(MessageCodec<T, T> codec, T value) {
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, value);
    return codec.decodeFromWire(6, wire);
  }
}
