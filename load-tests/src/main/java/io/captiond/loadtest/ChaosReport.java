package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chaos run's {@code report.md}. Each fault owns the time from its injection to the next one's (the
 * first phase, before any fault, is a row of its own); a final belongs to the fault in whose time it
 * reached the viewer. Per fault: how long it lasted, how long the slowest stream waited for its first
 * final after the injection, the longest wait between two finals at a viewer, finals seen live but not
 * stored (lost), seen twice or overlapping in stream time (duplicated), windows skipped, the degraded
 * reasons the streams reported, and the api node's caption lag p95 before, during and after.
 */
final class ChaosReport {

  private record Span(String name, long fromMs, long toMs, long atMs, long healedAtMs, long skipped,
      Set<String> degraded) {}

  private static final long WHOLE_RUN = Long.MAX_VALUE;

  private final int streams;
  private final long phaseMs;
  private final long holdMs;
  private final long started;
  private final Map<String, ChaosFeed> feeds;
  private final List<Chaos.Lag> lags;
  private final String endLoad;

  ChaosReport(int streams, long phaseMs, long holdMs, long started, Map<String, ChaosFeed> feeds,
      List<Chaos.Lag> lags, String endLoad) {
    this.streams = streams;
    this.phaseMs = phaseMs;
    this.holdMs = holdMs;
    this.started = started;
    this.feeds = feeds;
    this.lags = lags;
    this.endLoad = endLoad;
  }

  /**
   * @param publishedAt when the publishers first started, in ms since the start
   * @param end when the publishers were stopped, in ms since the start
   */
  void write(List<ChaosFault.Injected> injected, List<Set<String>> degraded, long skippedAtEnd,
      Map<String, List<JsonObject>> stored, long publishedAt, long end, Path out) throws Exception {
    List<Span> spans = new ArrayList<>();
    long firstAt = injected.isEmpty() ? end : injected.get(0).atMs();
    long firstSkipped = injected.isEmpty() ? skippedAtEnd : injected.get(0).skippedBefore();
    spans.add(new Span("first phase, no fault", publishedAt, firstAt, 0, 0, firstSkipped, Set.of()));
    for (int i = 0; i < injected.size(); i++) {
      ChaosFault.Injected fault = injected.get(i);
      boolean last = i + 1 == injected.size();
      long next = last ? end : injected.get(i + 1).atMs();
      long skippedNext = last ? skippedAtEnd : injected.get(i + 1).skippedBefore();
      spans.add(new Span(fault.fault().label(), fault.atMs(), next, fault.atMs(), fault.healedAtMs(),
          skippedNext - fault.skippedBefore(), degraded.get(i)));
    }
    StringBuilder text = new StringBuilder("# Chaos run: " + streams + " RTMP streams on a 3-node cluster (api node + 2 ASR"
        + " nodes, loopback), " + phaseMs / 1000 + " s between faults, ASR and disk faults held " + holdMs / 1000
        + " s\n\nStarted " + java.time.Instant.ofEpochMilli(started) + "; load average at each fault: ");
    injected.forEach(f -> text.append(f.fault().label()).append(" at ").append(f.atMs() / 1000).append(" s: ")
        .append(f.load()).append("; "));
    text.append("at the end: ").append(endLoad).append(".\n\n");
    Tally whole = tally(0, WHOLE_RUN, stored);
    text.append("Whole run: finals seen live but not stored (lost) **").append(whole.lost)
        .append("**, finals seen twice or overlapping in stream time (duplicated) **").append(whole.duplicated)
        .append("**, stored finals a reconnecting viewer never got **").append(whole.unseen).append("**.\n\n");
    text.append("| fault | lasted (s) | slowest stream's first final after it (s) | longest wait between finals (s)"
        + " | lost | duplicated | windows skipped | degraded | lag p95 before | during | after (ms) |\n"
        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    long previousDuringEnd = 0;
    for (Span span : spans) {
      boolean fault = span.atMs() > 0;
      boolean last = span == spans.get(spans.size() - 1);
      Tally tally = tally(span.fromMs() + started, last ? Long.MAX_VALUE - 1 : span.toMs() + started, stored);
      long duringEnd = span.healedAtMs() + Chaos.DURING_MS;
      text.append("| ").append(span.name()).append(" | ")
          .append(fault ? seconds(span.healedAtMs() - span.atMs()) : "-").append(" | ")
          .append(fault ? firstFinalAfter(span.atMs()) : "-").append(" | ")
          .append(seconds(longestGap(span.fromMs(), span.toMs()))).append(" | ")
          .append(tally.lost).append(" | ").append(tally.duplicated).append(" | ").append(span.skipped()).append(" | ")
          .append(span.degraded().isEmpty() ? "-" : String.join(", ", span.degraded())).append(" | ")
          .append(fault ? p95(previousDuringEnd, span.atMs()) : "-").append(" | ")
          .append(fault ? p95(span.atMs(), duringEnd) : "-").append(" | ")
          .append(fault ? p95(duringEnd, span.toMs()) : "-").append(" |\n");
      previousDuringEnd = fault ? duringEnd : span.fromMs();
    }
    text.append("""

        Lasted: from the injection until the fault was healed (the api node serving again, the killed ASR node \
        heard again, SIGCONT, the file-size limit lifted). Windows skipped: the api node's `stats.skippedWindows`, \
        summed over the streams, counted across its restarts. Degraded: the reasons streams reported in \
        `degraded` while the fault's time lasted. Lag: the api node's own `stats.lastLagMs` (announced minus the \
        arrival of the caption's last audio), polled once a second per stream; before = since the previous \
        fault's "during" ended (for the first fault: the whole first phase), during = from the injection until \
        %d s after it was healed, after = the rest of the fault's time (the last one's ends when the publishers \
        stop). A final belongs to the fault in whose time it reached the viewer. A stream reports its \
        captions degraded only after 3 windows in a row were given up, its disk at the first failed write.
        """.formatted(Chaos.DURING_MS / 1000));
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.md"), text);
    System.out.println(text);
  }

  private static final class Tally {
    long lost;
    long duplicated;
    long unseen;
  }

  /** Finals that reached a viewer in [fromWall, toWall): lost, duplicated; stored ones never seen live (whole run only). */
  private Tally tally(long fromWall, long toWall, Map<String, List<JsonObject>> stored) {
    Tally tally = new Tally();
    for (Map.Entry<String, ChaosFeed> entry : feeds.entrySet()) {
      List<JsonObject> storedFinals = stored.getOrDefault(entry.getKey(), List.of());
      Set<Long> storedSeqs = new HashSet<>();
      storedFinals.forEach(f -> storedSeqs.add(f.getLong("seq")));
      Map<Long, Long> arrivedAt = new HashMap<>();
      for (ChaosFeed.Arrival arrival : entry.getValue().finals()) {
        boolean inside = arrival.atMs() >= fromWall && arrival.atMs() < toWall;
        if (arrivedAt.putIfAbsent(arrival.seq(), arrival.atMs()) != null) {
          tally.duplicated += inside ? 1 : 0;
        } else if (inside && !storedSeqs.contains(arrival.seq())) {
          tally.lost++;
        }
      }
      if (toWall == WHOLE_RUN) {
        tally.unseen += storedSeqs.stream().filter(seq -> !arrivedAt.containsKey(seq)).count();
      }
      long previousEnd = Long.MIN_VALUE;
      for (JsonObject f : storedFinals) {
        long at = arrivedAt.getOrDefault(f.getLong("seq"), toWall == WHOLE_RUN ? fromWall : Long.MIN_VALUE);
        if (f.getLong("start") < previousEnd && at >= fromWall && at < toWall) {
          tally.duplicated++; // overlapping or going back in stream time
        }
        previousEnd = Math.max(previousEnd, f.getLong("end"));
      }
    }
    return tally;
  }

  /** The slowest stream's first final after {@code atMs}. */
  private String firstFinalAfter(long atMs) {
    long slowest = 0;
    for (ChaosFeed feed : feeds.values()) {
      long first = feed.finals().stream().mapToLong(a -> a.atMs() - started).filter(t -> t >= atMs).min()
          .orElse(Long.MAX_VALUE);
      slowest = Math.max(slowest, first - atMs);
    }
    return slowest >= Long.MAX_VALUE / 2 ? "none" : seconds(slowest);
  }

  private long longestGap(long fromMs, long toMs) {
    long longest = 0;
    for (ChaosFeed feed : feeds.values()) {
      long last = fromMs;
      for (ChaosFeed.Arrival arrival : feed.finals()) {
        long t = arrival.atMs() - started;
        if (t < fromMs || t > toMs) {
          continue;
        }
        longest = Math.max(longest, t - last);
        last = t;
      }
      longest = Math.max(longest, toMs - last);
    }
    return longest;
  }

  private String p95(long fromMs, long toMs) {
    List<Long> values = lags.stream().filter(l -> l.atMs() >= fromMs && l.atMs() < toMs).map(Chaos.Lag::lagMs)
        .sorted().toList();
    return values.isEmpty() ? "n/a" : values.get((int) Math.min(values.size() - 1, Math.ceil(values.size() * 0.95) - 1))
        + " (" + values.size() + ")";
  }

  private static String seconds(long ms) {
    return String.format("%.1f", ms / 1e3);
  }
}
