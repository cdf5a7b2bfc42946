package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BytePipeTest {

  @Test
  void aBlockThatWouldPassTheCapacityIsRefusedWholeWithoutBlocking() {
    BytePipe pipe = new BytePipe(10);
    assertTrue(pipe.offer(new byte[6]));
    assertFalse(pipe.offer(new byte[5]), "6 + 5 > 10");
    assertTrue(pipe.offer(new byte[4]));
    assertEquals(10, pipe.buffered());
  }

  @Test
  void theReaderGetsTheBytesInOrderAcrossBlocksThenEndOfStreamAfterClose() throws Exception {
    BytePipe pipe = new BytePipe(100);
    pipe.offer(new byte[] {1, 2, 3});
    pipe.offer(new byte[] {4, 5});
    pipe.close();
    assertFalse(pipe.offer(new byte[] {6}), "closed");
    InputStream in = pipe.inputStream();
    byte[] two = new byte[2];
    assertEquals(2, in.read(two));
    assertArrayEquals(new byte[] {1, 2}, two);
    assertArrayEquals(new byte[] {3, 4, 5}, in.readAllBytes());
    assertEquals(-1, in.read());
    assertEquals(0, pipe.buffered());
  }

  @Test
  void aWaitingReaderWakesUpForBytesAndForAbort() throws Exception {
    BytePipe pipe = new BytePipe(100);
    InputStream in = pipe.inputStream();
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
      try {
        return in.read();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertFalse(first.isDone(), "blocks while empty");
    pipe.offer(new byte[] {42});
    assertEquals(42, first.get(5, TimeUnit.SECONDS));
    pipe.offer(new byte[] {1, 2, 3});
    pipe.abort();
    assertEquals(-1, in.read(), "abort discards what is buffered");
  }

  @Test
  void aMarkRunsOnTheReaderOnceItAsksForMoreThanWasOfferedBeforeTheMark() throws Exception {
    BytePipe pipe = new BytePipe(100);
    InputStream in = pipe.inputStream();
    List<String> seen = new ArrayList<>();
    pipe.offer(new byte[] {1, 2, 3});
    pipe.mark(() -> seen.add("left after 3"));
    pipe.offer(new byte[] {4});
    byte[] two = new byte[2];
    assertEquals(2, in.read(two));
    seen.add("read 2");
    assertEquals(1, in.read(two), "a read stops at the mark");
    seen.add("read 1");
    assertEquals(4, in.read(), "the mark runs before any byte after it");
    seen.add("read 4");
    assertEquals(List.of("read 2", "read 1", "left after 3", "read 4"), seen);
  }

  @Test
  void aReaderWaitingOnAnEmptyPipeWakesUpForAMarkThenEndOfStreamAfterClose() throws Exception {
    BytePipe pipe = new BytePipe(100);
    InputStream in = pipe.inputStream();
    pipe.offer(new byte[] {7});
    assertEquals(7, in.read());
    CompletableFuture<String> reached = new CompletableFuture<>();
    CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
      try {
        return in.read();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    pipe.mark(() -> reached.complete(Thread.currentThread().getName()));
    assertFalse(reached.get(5, TimeUnit.SECONDS).equals(Thread.currentThread().getName()), "run by the reader");
    assertFalse(next.isDone(), "the reader goes on waiting for bytes");
    pipe.mark(() -> reached.obtrudeValue("second"));
    pipe.close();
    assertEquals(-1, next.get(5, TimeUnit.SECONDS));
    assertEquals("second", reached.get(), "marks before the end run before it");
  }

  @Test
  void marksOfAnAbortedPipeNeverRun() throws Exception {
    BytePipe pipe = new BytePipe(100);
    List<String> seen = new ArrayList<>();
    pipe.offer(new byte[] {1});
    pipe.mark(() -> seen.add("mark"));
    pipe.abort();
    pipe.mark(() -> seen.add("late mark"));
    assertEquals(-1, pipe.inputStream().read());
    assertEquals(List.of(), seen);
  }
}
