package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Writes a run's report: {@code report.md} with tables and charts, {@code results.json} with the raw figures. */
final class Report {

  private final Harness.Run run;

  Report(Harness.Run run) {
    this.run = run;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), ResultsJson.of(run).encodePrettily() + "\n");
    List<String> charts = run.steps().isEmpty() ? List.of() : Plots.write(run, dir);
    Files.writeString(dir.resolve("report.md"), markdown(charts));
  }

  private String markdown(List<String> charts) {
    Options o = run.options();
    Machine m = run.machine();
    boolean ingest = o.mode() == Options.Mode.INGEST;
    String source = StepRunner.name(run.source());
    StringBuilder md = new StringBuilder();
    md.append("# captiond load test: ").append(o.engine()).append(", ").append(source)
        .append(ingest ? ", ingest only" : "").append("\n\n");
    md.append("Run finished ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". ");
    if (o.note() != null) {
      md.append("\n\n**Note:** ").append(o.note()).append("\n\n");
    }
    if (run.failure() != null) {
      md.append("\n\n**The run FAILED:** ").append(run.failure()).append("\n\nThe figures below are the steps that "
          + "finished before it failed.\n\n");
    }
    if (!ingest) {
      md.append("**Largest N within the bound** (confirmed-caption lag p95 <= ").append(o.maxP95Ms())
          .append(" ms, no skipped windows, 95% of sentences captioned, for it and every smaller N tested): **")
          .append(run.maxWithinBound()).append("**.\n\n");
    } else {
      md.append("Ingest only: the VAD gates everything (`").append(StepRunner.INGEST_ONLY_ENV)
          .append("`), so ingest, decode and VAD run and ASR never does; viewers are connected but get no captions."
              + "\n\n");
    }
    md.append("Each step: N streams at once, each with ").append(o.seconds()).append(" s of flite speech (Harvard "
        + "sentences with ").append(o.pauseMs()).append(" ms pauses; each stream starts at a different sentence), ")
        .append(o.viewers()).append(" WebSocket viewers per stream, source `").append(source).append("`")
        .append(o.video() ? " with a 320x240 x264 test picture" : "").append(", engine `").append(o.engine())
        .append("`, ").append(o.launch() == Options.Launch.URL ? "the server at " + o.url()
            : "a fresh server per step (`--launch " + o.launch().name().toLowerCase(Locale.ROOT) + "`)")
        .append(o.serverEnv().isEmpty() ? "" : " with " + o.serverEnv()).append(".\n\n");
    md.append("## Machine\n\n| | |\n| --- | --- |\n")
        .append("| CPUs (nproc) | ").append(m.cpus()).append(" |\n")
        .append("| CPU model | ").append(m.cpuModel()).append(" |\n")
        .append("| memory | ").append(m.memoryMb()).append(" MB |\n")
        .append("| Java | ").append(m.java()).append(" |\n")
        .append("| OS | ").append(m.os()).append(" |\n")
        .append("| ffmpeg | ").append(m.ffmpeg()).append(" |\n")
        .append("| load average (1 min) at start | ").append(fmt(m.loadAtStart())).append(" (per step below) |\n\n");
    md.append("## Figures per step\n\n");
    md.append("| N | confirmed lag p50 / p95 / p99 / max (ms) | tentative lag p50 / p95 / p99 (ms) | WER | sentences "
        + "captioned | partials per final word | skipped windows | server CPU total / per stream (% of a core) | "
        + "server RSS peak (MB) | publishers CPU (% of a core) | ASR queue mean / max | event-bus pending max | "
        + "whole machine CPU busy / harness (% of a core) | load avg mean / max | within bound |\n");
    md.append("|" + " --- |".repeat(15) + "\n");
    for (StepResult s : run.steps()) {
      Sampler.Usage u = s.usage();
      md.append("| ").append(s.streams())
          .append(" | ").append(ms(s.confirmedP50())).append(" / ").append(ms(s.confirmedP95())).append(" / ")
          .append(ms(s.confirmedP99())).append(" / ").append(ms(s.confirmedMax()))
          .append(" | ").append(ms(s.tentativeP50())).append(" / ").append(ms(s.tentativeP95())).append(" / ")
          .append(ms(s.tentativeP99()))
          .append(" | ").append(ingest ? "-" : fmt3(s.werMean()))
          .append(" | ").append(s.sentencesCaptioned()).append(" of ").append(s.sentences())
          .append(" | ").append(fmt(s.partialsPerFinalWord()))
          .append(" | ").append(s.skippedWindows())
          .append(" | ").append(fmt(u.serverCpuPercent())).append(" / ").append(fmt(s.idleCpuPercent()))
          .append(" / ").append(fmt(s.serverCpuPerStream())).append(" / ").append(fmt(s.serverCpuAboveIdlePerStream()))
          .append(" | ").append(u.peakRssKb() < 0 ? "-" : Long.toString(u.peakRssKb() / 1024))
          .append(" | ").append(fmt(u.publisherCpuPercent()))
          .append(" | ").append(fmt(u.asrQueueMean())).append(" / ").append(u.asrQueueMax())
          .append(" | ").append(u.busPendingMax())
          .append(" | ").append(fmt(u.machine().busyPercent())).append(" / ")
          .append(fmt(u.machine().harnessCpuPercent()))
          .append(" | ").append(fmt(u.machine().loadMean())).append(" / ").append(fmt(u.machine().loadMax()))
          .append(" | ").append(ingest ? "-" : s.withinBound() ? "yes" : "no").append(" |\n");
    }
    md.append("\n`-`: no sample (no captions in ingest-only mode, or no /proc access to a server at --url without "
        + "--pid).\n\n");
    if (!ingest) {
      md.append(CueReport.table(run));
      md.append(translationTable());
    }
    for (String chart : charts) {
      md.append("![").append(chart.replace(".png", "")).append("](").append(chart).append(")\n\n");
    }
    md.append(perStream());
    md.append(METHOD).append(CueReport.METHOD);
    return md.toString();
  }

  /** Translation lag next to caption lag, per step and language ({@code --translations}); empty without. */
  private String translationTable() {
    if (run.steps().stream().noneMatch(s -> s.translations().measured())) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Translations\n\nTranslation lag: a translated final's arrival at its "
        + "viewer (`?lang=`) minus the arrival, at the stream's first caption viewer, of the last source final it "
        + "translates. Caption lag as above.\n\n| N | language | caption lag p50 / p95 (ms) | translation lag p50 / p95 "
        + "/ max (ms) | translated finals | source finals translated / made | load avg mean / max |\n"
        + "| --- | --- | --- | --- | --- | --- | --- |\n");
    for (StepResult s : run.steps()) {
      s.translations().languages().forEach((language, t) -> md.append("| ").append(s.streams()).append(" | ")
          .append(language).append(" | ").append(ms(s.confirmedP50())).append(" / ").append(ms(s.confirmedP95()))
          .append(" | ").append(ms(t.p50())).append(" / ").append(ms(t.p95())).append(" / ").append(ms(t.max()))
          .append(" | ").append(t.lagsMs().size()).append(" | ").append(t.translatedFinals()).append(" / ")
          .append(t.sourceFinals()).append(" | ").append(fmt(s.usage().machine().loadMean())).append(" / ")
          .append(fmt(s.usage().machine().loadMax())).append(" |\n"));
    }
    return md.append("\n").toString();
  }

  private String perStream() {
    StringBuilder md = new StringBuilder("## Per stream\n\n");
    for (StepResult s : run.steps()) {
      md.append("<details><summary>N = ").append(s.streams()).append("</summary>\n\n")
          .append("| stream | confirmed p50 / p95 (ms) | tentative p50 (ms) | WER | sentences | finals | partials "
              + "| partials per final word | skipped | viewers disagreeing |\n")
          .append("|" + " --- |".repeat(10) + "\n");
      for (StreamFigures f : s.perStream()) {
        md.append("| ").append(f.id()).append(" | ").append(ms(Metrics.percentile(f.confirmedLagsMs(), 50)))
            .append(" / ").append(ms(Metrics.percentile(f.confirmedLagsMs(), 95))).append(" | ")
            .append(ms(Metrics.percentile(f.tentativeLagsMs(), 50))).append(" | ").append(fmt3(f.wer())).append(" | ")
            .append(f.sentencesCaptioned()).append(" of ").append(f.sentences()).append(" | ").append(f.finals())
            .append(" | ").append(f.partials()).append(" | ").append(fmt(f.partialsPerFinalWord())).append(" | ")
            .append(f.skippedWindows()).append(" | ").append(f.viewersDisagreeing()).append(" |\n");
      }
      md.append("\n</details>\n\n");
    }
    return md.toString();
  }

  private static final String METHOD = """
      ## How the figures are measured

      - **Speech**: `flite -voice slt` speaks each sentence, ffmpeg resamples it to 16 kHz mono, and the harness
        joins the sentences with pauses after a 0.5 s lead-in. Sentence start and end times are counted in samples,
        so they are exact in stream time.
      - **When audio was sent** (the stream's wall-clock time 0): `rtmp`: from ffmpeg's `-progress` reports
        (`out_time_us` every 0.2 s), the smallest `report wall time - out_time`; ffmpeg `-re` paces in real time,
        so sentence end wall time = that start + the sentence's end offset. `pull`: the server reads the WAV
        itself, paced in real time in 100 ms chunks; the harness polls `GET /api/streams/{id}` (4 times a second
        for the first 4 s) and takes the smallest `poll midpoint - stats.audioSeconds`. Pull lags therefore include
        the server's ingest chunking (up to 100 ms) but no network.
      - **Confirmed-caption lag** (per sentence, per viewer): arrival at the viewer of the last `final` event that
        overlaps the sentence in stream time, minus the wall time the sentence's last audio was sent.
        It cannot be below the VAD's end-of-speech silence (`vad.min_silence_ms`, 500 ms by default).
      - **Tentative lag** (per `partial` event, per viewer): arrival minus the wall time the last audio of its
        window (the event's `end`) was sent.
      - **WER**: word-level Levenshtein distance between the script and the first viewer's finals (lower case,
        punctuation dropped), over the script's words. **Revisions**: partials per word of the finals.
        **Viewers disagreeing**: viewers whose finals differ from the first viewer's (should be 0).
      - **Skipped windows**: the server's `stats.skippedWindows` (windows it dropped to keep up, or that failed twice).
        **Sentences captioned**: sentences that at least one final of the first viewer overlaps.
      - **Server CPU and RSS**: `/proc/<pid>/stat` (utime + stime) over the step's wall time, from the first
        stream's creation to the end of the drain, and the peak of `VmRSS` sampled every second; 100% = one core.
        **Idle**: the same server's CPU over 3 s just before its streams are created (JVM, metrics, no streams);
        **per stream above idle** = (total - idle) / N.
        **Publishers CPU**: the same for the ffmpeg publishers (they run on the same machine).
      - **Queues**: `/metrics` sampled every second: `captiond_asr_queue_depth{stream}` (mean and max over streams
        and samples), `vertx_eventbus_pending{side="local"}` (max).
      - **Whole machine**: all processes' CPU from `/proc/stat` over the step (100% = one core; the machine's
        capacity is 100% x its CPUs), the harness's own share, and `/proc/loadavg` (1 min) sampled every second.
        On a shared machine the server competes with whatever else runs: read its figures next to these.
      - **Within the bound**: confirmed lag p95 <= `--max-p95-ms`, no skipped windows and at least 95% of the
        sentences captioned by the end of the drain. The largest N is the
        largest one within it with every smaller N tested within it too; `--search K` bisects between the
        largest N within and the smallest N over it.
      """;

  private static String ms(long value) {
    return value == -1 ? "-" : Long.toString(value);
  }

  private static String fmt(double value) {
    return value < 0 ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String fmt3(double value) {
    return value < 0 ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }
}
