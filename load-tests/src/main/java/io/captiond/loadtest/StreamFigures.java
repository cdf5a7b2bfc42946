package io.captiond.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * What one stream's viewers saw, against what its publisher said and when.
 *
 * <p>Confirmed lag of a sentence, per viewer: arrival of the last final caption that overlaps the
 * sentence (in stream time) minus the wall time the sentence's last audio was sent
 * ({@code start + sentence end}). Tentative lag, per partial event: its arrival minus the wall time
 * the last audio of its window (its {@code end}) was sent. Revisions: partials per final word.
 *
 * @param lagTimeline per sentence of the first viewer: {stream ms of the sentence end, confirmed lag ms}
 */
record StreamFigures(String id, int sentences, int sentencesCaptioned, List<Long> confirmedLagsMs,
    List<Long> tentativeLagsMs, double wer, long finals, long partials, double partialsPerFinalWord,
    long skippedWindows, long minViewerEvents, int viewersDisagreeing, List<long[]> lagTimeline, String hypothesis) {

  /** Matches a final to a sentence with this much slack at the edges, for codec and VAD padding. */
  private static final long EDGE_MS = 150;

  static StreamFigures of(String id, Speech.Script script, long startWallMs, List<List<Viewer.Event>> viewers,
      long skippedWindows) {
    List<Long> confirmed = new ArrayList<>();
    List<Long> tentative = new ArrayList<>();
    List<long[]> timeline = new ArrayList<>();
    int captioned = 0;
    String firstText = null;
    int disagreeing = 0;
    long minEvents = Long.MAX_VALUE;
    for (int v = 0; v < viewers.size(); v++) {
      List<Viewer.Event> events = viewers.get(v);
      minEvents = Math.min(minEvents, events.size());
      List<Viewer.Event> finals = events.stream().filter(Viewer.Event::isFinal).toList();
      for (Speech.Sentence sentence : script.sentences()) {
        long arrived = -1;
        for (Viewer.Event f : finals) {
          if (f.startMs() < sentence.endMs() - EDGE_MS && f.endMs() > sentence.startMs() + EDGE_MS) {
            arrived = Math.max(arrived, f.arrivedMs());
          }
        }
        if (arrived < 0) {
          continue;
        }
        long lag = arrived - (startWallMs + sentence.endMs());
        confirmed.add(lag);
        if (v == 0) {
          captioned++;
          timeline.add(new long[] {sentence.endMs(), lag});
        }
      }
      for (Viewer.Event p : events) {
        if (!p.isFinal()) {
          tentative.add(p.arrivedMs() - (startWallMs + p.endMs()));
        }
      }
      String text = String.join(" ", finals.stream().map(Viewer.Event::text).toList());
      if (firstText == null) {
        firstText = text;
      } else if (!firstText.equals(text)) {
        disagreeing++;
      }
    }
    List<Viewer.Event> first = viewers.isEmpty() ? List.of() : viewers.get(0);
    long finals = first.stream().filter(Viewer.Event::isFinal).count();
    long partials = first.size() - finals;
    String hypothesis = firstText == null ? "" : firstText;
    int finalWords = Metrics.words(hypothesis).size();
    return new StreamFigures(id, script.sentences().size(), captioned, confirmed, tentative,
        Metrics.wordErrorRate(script.reference(), hypothesis), finals, partials,
        finalWords == 0 ? 0 : partials / (double) finalWords, skippedWindows,
        minEvents == Long.MAX_VALUE ? 0 : minEvents, disagreeing, timeline, hypothesis);
  }
}
