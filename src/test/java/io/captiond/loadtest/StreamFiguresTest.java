package io.captiond.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a viewer's events become lags, WER and revisions, on made-up events with known times. */
class StreamFiguresTest {

  private static final Speech.Script SCRIPT = new Speech.Script(Path.of("x.wav"), List.of(
      new Speech.Sentence("the birch canoe", 500, 2500), new Speech.Sentence("glue the sheet", 3700, 5200)), 7000);
  private static final long START = 1_000_000;

  @Test
  void confirmedLagIsTheLastOverlappingFinalsArrivalAfterTheSentencesLastAudio() {
    List<Viewer.Event> events = List.of(
        new Viewer.Event(1, false, "the", 400, 1500, START + 1900),
        new Viewer.Event(2, true, "the birch canoe", 450, 2550, START + 3300),
        new Viewer.Event(3, true, "glue the sheep", 3650, 5250, START + 6000));
    StreamFigures figures = StreamFigures.of("s", SCRIPT, START, List.of(events, events), 0);

    assertEquals(List.of(800L, 800L, 800L, 800L), figures.confirmedLagsMs());
    assertEquals(List.of(400L, 400L), figures.tentativeLagsMs());
    assertEquals(2, figures.sentencesCaptioned());
    assertEquals(1 / 6.0, figures.wer(), 1e-9);
    assertEquals(1 / 6.0, figures.partialsPerFinalWord(), 1e-9);
    assertEquals(0, figures.viewersDisagreeing());
  }

  @Test
  void aSentenceNoFinalOverlapsIsNotCaptioned() {
    List<Viewer.Event> events = List.of(new Viewer.Event(1, true, "the birch canoe", 450, 2550, START + 3300));
    StreamFigures figures = StreamFigures.of("s", SCRIPT, START, List.of(events), 2);

    assertEquals(1, figures.sentencesCaptioned());
    assertEquals(0.5, figures.wer(), 1e-9);
    assertEquals(2, figures.skippedWindows());
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> values = List.of(5L, 1L, 4L, 2L, 3L, 6L, 7L, 8L, 9L, 10L);
    assertEquals(5, Metrics.percentile(values, 50));
    assertEquals(10, Metrics.percentile(values, 95));
    assertEquals(1, Metrics.percentile(values, 1));
    assertEquals(-1, Metrics.percentile(List.of(), 50));
  }

  @Test
  void startClockTakesTheTightestBound() {
    StartClock clock = new StartClock();
    clock.observe(10_500, 400);
    clock.observe(11_020, 1000);
    clock.observe(12_300, 2000);
    assertEquals(10_020, clock.startMs());
  }
}
