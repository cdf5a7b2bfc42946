package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.StreamingAsrEngine.ResyncException;
import io.captiond.asr.UtteranceFeed;
import io.captiond.testing.LogCapture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The open utterances of a worker, with decoders that only count what they are fed. */
class FeedSessionsTest {

  /** Hears samples; its hypothesis is one word naming how many it has heard this utterance. */
  static class CountingDecoder implements UtteranceDecoder {
    long heard;
    long heardInAll;
    int utterances;
    boolean open;
    boolean closed;

    @Override
    public void begin() {
      if (open) {
        throw new IllegalStateException("utterance already open");
      }
      open = true;
      heard = 0;
      utterances++;
    }

    @Override
    public void process(short[] samples) {
      if (!open) {
        throw new IllegalStateException("no utterance open");
      }
      heard += samples.length;
      heardInAll += samples.length;
    }

    @Override
    public List<DecodedWord> hypothesis() {
      return List.of(new DecodedWord("w" + heard, 0, (int) (heard / 160) - 1, 1));
    }

    @Override
    public List<DecodedWord> finish() {
      open = false;
      return List.of(new DecodedWord("final" + heard, 0, (int) (heard / 160) - 1, 1));
    }

    @Override
    public void abandon() {
      open = false;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /**
   * A counting decoder that knows its cepstral mean: a piece's mean is its first sample; an utterance
   * moves the live mean to its last sample's value.
   */
  static final class MeanDecoder extends CountingDecoder {
    float[] mean = {41};
    float[] startedFrom;
    short last;
    int warmUps;

    @Override
    public void begin() {
      super.begin();
      startedFrom = mean.clone();
    }

    @Override
    public void process(short[] samples) {
      super.process(samples);
      if (samples.length > 0) {
        last = samples[samples.length - 1];
      }
    }

    @Override
    public List<DecodedWord> finish() {
      mean = new float[] {last};
      return super.finish();
    }

    @Override
    public Optional<float[]> channelMean() {
      return Optional.of(mean.clone());
    }

    @Override
    public void normalizeBy(float[] m) {
      mean = m.clone();
    }

    @Override
    public Optional<float[]> meanOf(short[] samples) {
      return samples.length == 0 ? Optional.empty() : Optional.of(new float[] {samples[0]});
    }
  }

  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<CountingDecoder> made = new ArrayList<>();

  private FeedSessions sessions(int maxOpen) {
    return new FeedSessions(maxOpen, 30_000, 16_000 * 10, clock::get, () -> {
      CountingDecoder d = new CountingDecoder();
      made.add(d);
      return d;
    });
  }

  private static AudioWindow samples(long startMs, int n) {
    return new AudioWindow(startMs, new short[n]);
  }

  @Test
  void decodesEachSampleOnceAndSkipsAudioItAlreadyHas() throws Exception {
    FeedSessions sessions = sessions(2);
    sessions.feed(new UtteranceFeed("s/e/1", 0, false), samples(500, 16_000));
    // A piece re-sent from an earlier offset (it waited while the last was decoded): only its new part is heard.
    FeedSessions.Heard heard = sessions.feed(new UtteranceFeed("s/e/1", 8_000, false), samples(1_000, 16_000));
    assertEquals("w24000", heard.words().get(0).token());
    assertEquals(500, heard.startMs());
    assertEquals(500 + 1_500, heard.endMs());
    CountingDecoder decoder = made.get(0);
    long warmUp = FeedSessions.WARM_UP_ROUNDS * 16_000L;
    assertEquals(warmUp + 24_000, decoder.heardInAll);
  }

  @Test
  void aPieceResentWhileTheFirstAttemptStillDecodesWaitsForItAndHearsOnlyItsNewAudio() throws Exception {
    java.util.concurrent.CountDownLatch decoding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch slowDecodeMayEnd = new java.util.concurrent.CountDownLatch(1);
    FeedSessions sessions = new FeedSessions(2, 30_000, 16_000 * 10, clock::get, () -> {
      CountingDecoder d = new CountingDecoder() {
        @Override
        public void process(short[] samples) {
          super.process(samples);
          if (heardInAll == (FeedSessions.WARM_UP_ROUNDS + 1) * 16_000L) { // the first piece, after the warm-up
            decoding.countDown();
            try {
              slowDecodeMayEnd.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      };
      made.add(d);
      return d;
    });
    java.util.concurrent.CompletableFuture<FeedSessions.Heard> first = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> feedUnchecked(sessions, new UtteranceFeed("s/e/1", 0, false), samples(0, 16_000)));
    decoding.await();
    // The client's deadline passed: it sends the piece again, with the audio that came since.
    java.util.concurrent.CompletableFuture<FeedSessions.Heard> resent = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> feedUnchecked(sessions, new UtteranceFeed("s/e/1", 0, false), samples(0, 24_000)));
    Thread.sleep(200);
    assertTrue(!resent.isDone(), "the re-sent piece waits for the first attempt");
    slowDecodeMayEnd.countDown();
    assertEquals("w16000", first.get(5, java.util.concurrent.TimeUnit.SECONDS).words().get(0).token());
    assertEquals("w24000", resent.get(5, java.util.concurrent.TimeUnit.SECONDS).words().get(0).token());
    assertEquals(FeedSessions.WARM_UP_ROUNDS * 16_000L + 24_000, made.get(0).heardInAll, "each sample decoded once");
  }

  @Test
  void aDecoderLoadingForOneUtteranceHoldsUpNoOther() throws Exception {
    java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch loadMayEnd = new java.util.concurrent.CountDownLatch(1);
    FeedSessions sessions = new FeedSessions(3, 30_000, 16_000 * 10, clock::get, () -> {
      if (made.isEmpty()) {
        made.add(null); // the first load is the slow one
        loading.countDown();
        try {
          loadMayEnd.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new CountingDecoder();
    });
    java.util.concurrent.CompletableFuture<FeedSessions.Heard> slow = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> feedUnchecked(sessions, new UtteranceFeed("a/e/1", 0, false), samples(0, 16_000)));
    loading.await();
    FeedSessions.Heard other = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> feedUnchecked(sessions, new UtteranceFeed("b/e/1", 0, true), samples(0, 8_000)))
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("final8000", other.words().get(0).token(), "decoded while the first decoder still loads");
    assertTrue(!slow.isDone());
    // the next utterance takes the decoder the other gave back rather than loading another
    sessions.feed(new UtteranceFeed("c/e/1", 0, false), samples(0, 8_000));
    loadMayEnd.countDown();
    assertEquals("w16000", slow.get(5, java.util.concurrent.TimeUnit.SECONDS).words().get(0).token());
    assertEquals(2, sessions.decodersAlive());
  }

  private static FeedSessions.Heard feedUnchecked(FeedSessions sessions, UtteranceFeed feed, AudioWindow window) {
    try {
      return sessions.feed(feed, window);
    } catch (AsrException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  @Test
  void aPieceBeyondWhatTheDecoderHasIsAnsweredWithResyncAndTheUtteranceIsDropped() throws Exception {
    FeedSessions sessions = sessions(2);
    sessions.feed(new UtteranceFeed("s/e/1", 0, false), samples(0, 16_000));
    ResyncException gap = assertThrows(ResyncException.class,
        () -> sessions.feed(new UtteranceFeed("s/e/1", 32_000, false), samples(2_000, 16_000)));
    assertTrue(gap.getMessage().contains("gap"), gap.getMessage());
    assertEquals(0, sessions.open());
    // The whole utterance again, from its first sample, is taken.
    FeedSessions.Heard again = sessions.feed(new UtteranceFeed("s/e/1", 0, false), samples(0, 48_000));
    assertEquals("w48000", again.words().get(0).token());
  }

  @Test
  void anUtteranceNotOpenHereIsAnsweredWithResyncUnlessThePieceStartsIt() throws Exception {
    FeedSessions sessions = sessions(2);
    assertThrows(ResyncException.class,
        () -> sessions.feed(new UtteranceFeed("other-worker/e/3", 16_000, false), samples(1_000, 16_000)));
    assertEquals(0, sessions.open());
    assertEquals(0, sessions.decodersAlive(), "no decoder taken for a piece that cannot begin an utterance");
  }

  @Test
  void anUtteranceNotFedForTheIdleLimitIsDroppedAndMustBeSentAgain() throws Exception {
    FeedSessions sessions = sessions(2);
    sessions.feed(new UtteranceFeed("gone/e/1", 0, false), samples(0, 16_000));
    clock.addAndGet(30_001);
    sessions.feed(new UtteranceFeed("other/e/1", 0, false), samples(0, 16_000));
    assertEquals(1, sessions.open(), "the idle utterance was dropped");
    assertThrows(ResyncException.class,
        () -> sessions.feed(new UtteranceFeed("gone/e/1", 16_000, false), samples(1_000, 16_000)));
  }

  @Test
  void anUtterancePastItsBoundedLengthIsRefusedAndItsDecoderFreed() throws Exception {
    FeedSessions sessions = sessions(1);
    sessions.feed(new UtteranceFeed("long/e/1", 0, false), samples(0, 16_000 * 9));
    AsrException tooLong = assertThrows(AsrException.class,
        () -> sessions.feed(new UtteranceFeed("long/e/1", 16_000 * 9, false), samples(9_000, 16_000 * 2)));
    assertTrue(tooLong.getMessage().contains("allowed"), tooLong.getMessage());
    assertEquals(0, sessions.open());
    sessions.feed(new UtteranceFeed("next/e/1", 0, false), samples(0, 16_000));
    assertEquals(1, sessions.decodersAlive(), "the freed decoder serves the next utterance");
  }

  @Test
  void theLastPieceEndsTheUtteranceWithTheFinalHypothesisAndFreesTheDecoder() throws Exception {
    FeedSessions sessions = sessions(1);
    sessions.feed(new UtteranceFeed("s/e/1", 0, false), samples(0, 16_000));
    FeedSessions.Heard last = sessions.feed(new UtteranceFeed("s/e/1", 16_000, true), samples(1_000, 8_000));
    assertEquals("final24000", last.words().get(0).token());
    assertEquals(0, sessions.open());
    assertThrows(ResyncException.class,
        () -> sessions.feed(new UtteranceFeed("s/e/1", 24_000, true), samples(1_500, 0)),
        "a final asked again after the utterance ended must resend it");
  }

  @Test
  void anUtterancesEndIsLoggedAtFineWithTheAudioItsDecoderHeardAndTheAudioSent() throws Exception {
    List<String> lines;
    try (LogCapture log = LogCapture.of(FeedSessions.class, Level.FINE)) {
      FeedSessions sessions = sessions(1);
      sessions.feed(new UtteranceFeed("s/e/1", 0, false), samples(0, 16_000));
      sessions.feed(new UtteranceFeed("s/e/1", 8_000, true), samples(500, 16_000));
      lines = List.copyOf(log.messages());
    }
    assertEquals(List.of("utterance s/e/1 ended: 1500 ms decoded, 2000 ms sent in 2 pieces"), lines);
  }

  @Test
  void whenEveryDecoderIsHeldTheUtteranceFedLeastRecentlyGivesItsDecoderUp() throws Exception {
    FeedSessions sessions = sessions(2);
    sessions.feed(new UtteranceFeed("a/e/1", 0, false), samples(0, 16_000));
    clock.addAndGet(10);
    sessions.feed(new UtteranceFeed("b/e/1", 0, false), samples(0, 16_000));
    clock.addAndGet(10);
    sessions.feed(new UtteranceFeed("c/e/1", 0, false), samples(0, 16_000));
    assertEquals(2, sessions.decodersAlive());
    assertThrows(ResyncException.class, () -> sessions.feed(new UtteranceFeed("a/e/1", 16_000, false), samples(1_000, 16_000)));
    sessions.feed(new UtteranceFeed("b/e/1", 16_000, false), samples(1_000, 16_000));
  }

  @Test
  void aSourcesNextUtteranceGetsTheDecoderThatHeardItLast() throws Exception {
    FeedSessions sessions = sessions(2);
    sessions.feed(new UtteranceFeed("a/e/1", 0, false), samples(0, 16_000));
    sessions.feed(new UtteranceFeed("b/e/1", 0, false), samples(0, 16_000));
    sessions.feed(new UtteranceFeed("a/e/1", 16_000, true), samples(1_000, 0));
    sessions.feed(new UtteranceFeed("b/e/1", 16_000, true), samples(1_000, 0));
    CountingDecoder heardA = made.get(0);
    int before = heardA.utterances;
    sessions.feed(new UtteranceFeed("a/e/2", 0, false), samples(2_000, 16_000));
    assertEquals(before + 1, heardA.utterances, "a's decoder, though b's was freed after it");
    assertSame(heardA, made.get(0));
    sessions.close();
    assertTrue(made.get(1).closed);
  }

  @Test
  void aStreamsUtteranceStartsFromItsOwnMeansNotFromWhatItsDecoderHeardBefore() throws Exception {
    List<MeanDecoder> decoders = new ArrayList<>();
    FeedSessions sessions = new FeedSessions(2, 30_000, 16_000 * 10, clock::get, () -> {
      MeanDecoder d = new MeanDecoder();
      decoders.add(d);
      return d;
    });
    sessions.feed(new UtteranceFeed("a/e/1", 0, true), filled(0, 16_000, (short) 7));
    assertEquals(7, decoders.get(0).startedFrom[0], "a new stream starts from its first piece's mean");
    assertEquals(16_000, decoders.get(0).heardInAll, "no warm-up decodes where the mean can be set");
    sessions.feed(new UtteranceFeed("b/e/1", 0, true), filled(0, 16_000, (short) 9));
    assertEquals(9, decoders.get(0).startedFrom[0], "the same decoder, b's own mean");
    // a's next utterance gets the decoder b left, yet starts halfway between the mean a's last utterance
    // left and its own first piece's.
    sessions.feed(new UtteranceFeed("a/e/2", 0, true), filled(2_000, 16_000, (short) 3));
    assertEquals(1, decoders.size());
    assertEquals(5, decoders.get(0).startedFrom[0]);
  }

  private static AudioWindow filled(long startMs, int n, short value) {
    short[] samples = new short[n];
    Arrays.fill(samples, value);
    return new AudioWindow(startMs, samples);
  }
}
