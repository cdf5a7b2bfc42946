package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import io.captiond.asr.pocketsphinx.FeedSessionsTest.CountingDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The decoders of streamed utterances: those kept ready are loaded by the loader (here a queue the test runs
 * by hand), a load never holds the supply's lock, and at most {@code max} are ever alive.
 */
class DecoderSupplyTest {

  /** The loader: tasks wait here until the test runs them. */
  private final Deque<Runnable> loaderTasks = new ArrayDeque<>();
  private final List<CountingDecoder> made = new ArrayList<>();

  private DecoderSupply supply(int max, int ready) {
    return new DecoderSupply(max, ready, loaderTasks::add, () -> {
      CountingDecoder decoder = new CountingDecoder();
      synchronized (made) {
        made.add(decoder);
      }
      return decoder;
    });
  }

  private void runLoader() {
    for (Runnable task = loaderTasks.poll(); task != null; task = loaderTasks.poll()) {
      task.run();
    }
  }

  @Test
  void startLoadsTheReadyOnesOnTheCallersThreadAndAtLeastOne() throws Exception {
    DecoderSupply supply = supply(8, 3);
    supply.prime();
    assertEquals(3, made.size());
    assertEquals(3, supply.idleCount());
    assertTrue(loaderTasks.isEmpty());
    DecoderSupply none = supply(8, 0);
    none.prime();
    assertEquals(1, none.idleCount(), "one even with none kept ready: a broken model fails at start");
  }

  @Test
  void loadingOnesCountAgainstTheMaximum() throws Exception {
    DecoderSupply supply = supply(3, 2);
    supply.prime();
    supply.idle("a").orElseThrow();
    supply.idle("b").orElseThrow();
    assertEquals(1, loaderTasks.size(), "two lent and one loading fill the three slots: no second load");
    assertEquals(3, supply.alive());
    runLoader();
    assertTrue(supply.obtain().isPresent(), "the one loaded ahead");
    assertTrue(supply.obtain().isEmpty(), "three alive, none idle");
  }

  @Test
  void takingAReadyDecoderAsksTheLoaderForAnother() throws Exception {
    DecoderSupply supply = supply(8, 2);
    supply.prime();
    DecoderSupply.Lent lent = supply.idle("stream-a").orElseThrow();
    assertTrue(lent.fresh(), "loaded ahead: it heard nothing yet");
    assertEquals(1, loaderTasks.size());
    runLoader();
    assertEquals(2, supply.idleCount());
    supply.giveBack(lent.decoder(), "stream-a");
    assertEquals(3, supply.idleCount(), "one given back is kept, past the ready count");
    DecoderSupply.Lent again = supply.idle("stream-a").orElseThrow();
    assertSame(lent.decoder(), again.decoder(), "the one that heard the stream last is preferred");
    assertFalse(again.fresh());
  }

  @Test
  void aNodeSizedForABurstHoldsItsReadyOnesAndLoadsOnlyTheSpareOnesPastThem() throws Exception {
    DecoderSupply supply = supply(32, 8);
    supply.prime();
    List<DecoderSupply.Lent> lent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      lent.add(supply.idle("stream-" + i).orElseThrow());
    }
    assertTrue(loaderTasks.isEmpty(), "two of the eight still idle: nothing to load");
    lent.add(supply.idle("stream-6").orElseThrow());
    assertEquals(1, loaderTasks.size(), "one idle left: one more on its way, for the spare two");
    lent.add(supply.idle("stream-7").orElseThrow());
    runLoader();
    assertEquals(10, supply.alive(), "eight lent and two spare, not eight idle on top of the eight lent");
    assertEquals(DecoderSupply.SPARE, supply.idleCount());
    for (int i = 0; i < lent.size(); i++) {
      supply.giveBack(lent.get(i).decoder(), "stream-" + i);
    }
    assertEquals(10, supply.idleCount(), "given back, all kept for the next utterances");
  }

  @Test
  void anUtteranceWithNoIdleDecoderTakesTheOneLoadingRatherThanLoadingAnother() throws Exception {
    DecoderSupply supply = supply(8, 1);
    supply.prime();
    supply.idle("a").orElseThrow(); // the loader is now asked for one more, not yet loaded
    assertEquals(1, loaderTasks.size());
    CompletableFuture<Optional<DecoderSupply.Lent>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return supply.obtain();
      } catch (AsrException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    Thread.sleep(100);
    assertFalse(waiting.isDone(), "it waits for the load on its way");
    runLoader();
    DecoderSupply.Lent lent = waiting.get(5, TimeUnit.SECONDS).orElseThrow();
    assertSame(made.get(1), lent.decoder());
    assertEquals(2, made.size(), "no third decoder loaded for it");
  }

  @Test
  void obtainLoadsOnTheCallersThreadWhenNoneIsOnItsWayAndIsEmptyAtTheMaximum() throws Exception {
    DecoderSupply supply = supply(2, 0);
    DecoderSupply.Lent first = supply.obtain().orElseThrow();
    DecoderSupply.Lent second = supply.obtain().orElseThrow();
    assertTrue(first.fresh() && second.fresh());
    assertTrue(supply.obtain().isEmpty(), "two alive: the caller takes one from an open utterance instead");
    assertTrue(loaderTasks.isEmpty());
    supply.giveBack(first.decoder(), "x");
    assertSame(first.decoder(), supply.obtain().orElseThrow().decoder());
  }

  @Test
  void idleDecodersPastTheReadyOnesAreFreedAfterFiveMinutesUnused() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
    DecoderSupply supply = new DecoderSupply(8, 1, loaderTasks::add, () -> {
      CountingDecoder decoder = new CountingDecoder();
      made.add(decoder);
      return decoder;
    }, now::get);
    supply.prime();
    List<DecoderSupply.Lent> burst = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      burst.add(supply.obtain().orElseThrow());
      runLoader(); // one more loaded ahead each time the ready one is taken
    }
    for (int i = 0; i < burst.size(); i++) {
      supply.giveBack(burst.get(i).decoder(), "stream-" + i);
    }
    assertEquals(4, supply.idleCount());
    now.set(DecoderSupply.KEEP_IDLE_MS - 1);
    supply.giveBack(supply.idle("stream-0").orElseThrow().decoder(), "stream-0");
    assertEquals(4, supply.idleCount(), "nothing freed before five minutes");
    now.set(DecoderSupply.KEEP_IDLE_MS + 1);
    DecoderSupply.Lent taken = supply.idle("stream-1").orElseThrow();
    assertEquals(1, supply.idleCount(), "the ready one is kept: stream-0's, used a moment ago");
    assertEquals(2, supply.alive(), "one lent, one ready");
    assertEquals(2, loaderTasks.size(), "freed by the loader, off the lock");
    runLoader();
    assertEquals(2, made.stream().filter(d -> d.closed).count());
    assertFalse(((CountingDecoder) taken.decoder()).closed);
  }

  @Test
  void aLoadThatFailsGivesItsSlotBack() throws Exception {
    DecoderSupply supply = new DecoderSupply(1, 1, loaderTasks::add, () -> {
      throw new AsrException("model files gone");
    });
    assertThrows(AsrException.class, supply::prime);
    assertEquals(0, supply.alive());
    assertThrows(AsrException.class, supply::obtain);
    assertEquals(0, supply.alive(), "the slot is free for the next try");
  }

  @Test
  void closingFreesTheIdleOnesAndThoseThatFinishLoadingAfter() throws Exception {
    DecoderSupply supply = supply(4, 1);
    supply.prime();
    supply.giveBack(supply.idle("a").orElseThrow().decoder(), "a"); // one more asked of the loader meanwhile
    assertEquals(1, loaderTasks.size());
    supply.close();
    assertTrue(made.get(0).closed);
    runLoader(); // the load that was on its way ends after the close
    assertTrue(made.get(1).closed);
    assertEquals(0, supply.alive());
    assertThrows(IllegalStateException.class, supply::obtain);
  }
}
