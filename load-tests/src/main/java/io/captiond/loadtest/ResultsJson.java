package io.captiond.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The raw figures of a run as JSON, for comparing runs: every step, every stream, every lag. */
final class ResultsJson {

  private ResultsJson() {}

  static JsonObject of(Harness.Run run) {
    Options o = run.options();
    Machine m = run.machine();
    JsonObject json = new JsonObject()
        .put("formatVersion", 1)
        .put("engine", o.engine()).put("source", StepRunner.name(run.source()))
        .put("mode", o.mode().name().toLowerCase(java.util.Locale.ROOT))
        .put("secondsPerStep", o.seconds()).put("viewersPerStream", o.viewers()).put("pauseMs", o.pauseMs())
        .put("video", o.video()).put("maxP95Ms", o.maxP95Ms()).put("maxStreamsWithinBound", run.maxWithinBound())
        .put("failure", run.failure()).put("note", o.note())
        .put("machine", new JsonObject().put("cpus", m.cpus()).put("cpuModel", m.cpuModel())
            .put("memoryMb", m.memoryMb()).put("java", m.java()).put("os", m.os()).put("ffmpeg", m.ffmpeg())
            .put("loadAverageAtStart", m.loadAtStart()));
    JsonArray steps = new JsonArray();
    for (StepResult s : run.steps()) {
      Sampler.Usage u = s.usage();
      JsonArray streams = new JsonArray();
      for (StreamFigures f : s.perStream()) {
        JsonArray timeline = new JsonArray();
        f.lagTimeline().forEach(p -> timeline.add(new JsonArray().add(p[0]).add(p[1])));
        streams.add(new JsonObject().put("id", f.id()).put("sentences", f.sentences())
            .put("sentencesCaptioned", f.sentencesCaptioned()).put("wer", f.wer()).put("finals", f.finals())
            .put("partials", f.partials()).put("partialsPerFinalWord", f.partialsPerFinalWord())
            .put("skippedWindows", f.skippedWindows()).put("viewersDisagreeing", f.viewersDisagreeing())
            .put("confirmedLagsMs", new JsonArray(f.confirmedLagsMs()))
            .put("tentativeLagsMs", new JsonArray(f.tentativeLagsMs()))
            .put("lagTimeline", timeline).put("hypothesis", f.hypothesis()));
      }
      JsonArray series = new JsonArray();
      u.points().forEach(p -> series.add(new JsonArray().add(p.atMs()).add(p.cpuMs()).add(p.rssKb())));
      steps.add(new JsonObject().put("streams", s.streams()).put("withinBound", s.withinBound())
          .put("confirmedLagMs", new JsonObject().put("p50", s.confirmedP50()).put("p95", s.confirmedP95())
              .put("p99", s.confirmedP99()).put("max", s.confirmedMax()))
          .put("tentativeLagMs", new JsonObject().put("p50", s.tentativeP50()).put("p95", s.tentativeP95())
              .put("p99", s.tentativeP99()))
          .put("werMean", s.werMean()).put("sentences", s.sentences()).put("sentencesCaptioned", s.sentencesCaptioned())
          .put("finals", s.finals()).put("partials", s.partials()).put("partialsPerFinalWord", s.partialsPerFinalWord())
          .put("skippedWindows", s.skippedWindows()).put("viewersDisagreeing", s.viewersDisagreeing())
          .put("loadAverageAtStart", s.loadAverage())
          .put("translations", translations(s.translations()))
          .put("server", new JsonObject().put("wallMs", u.wallMs()).put("cpuMs", u.serverCpuMs())
              .put("cpuPercentOfOneCore", u.serverCpuPercent()).put("cpuPercentPerStream", s.serverCpuPerStream())
              .put("idleCpuPercent", s.idleCpuPercent())
              .put("cpuPercentAboveIdlePerStream", s.serverCpuAboveIdlePerStream())
              .put("peakRssKb", u.peakRssKb()).put("endRssKb", u.endRssKb())
              .put("samples", series).put("samplesFormat", "[ms since step start, cpu ms, rss kB]"))
          .put("publishers", new JsonObject().put("cpuMs", u.publisherCpuMs())
              .put("cpuPercentOfOneCore", u.publisherCpuPercent()))
          .put("machineDuringStep", new JsonObject().put("busyPercentOfOneCore", u.machine().busyPercent())
              .put("harnessCpuPercentOfOneCore", u.machine().harnessCpuPercent())
              .put("loadAverageMean", u.machine().loadMean()).put("loadAverageMax", u.machine().loadMax()))
          .put("queues", new JsonObject().put("asrQueueDepthMean", u.asrQueueMean())
              .put("asrQueueDepthMax", u.asrQueueMax()).put("eventBusPendingMax", u.busPendingMax())
              .put("asrPoolPendingMax", u.asrPoolPendingMax()))
          .put("cues", cues(s.cues()))
          .put("perStream", streams));
    }
    return json.put("steps", steps);
  }

  /** A step's cue availability; quantiles are null where nothing was measured. */
  static JsonObject translations(TranslationFigures t) {
    JsonObject json = new JsonObject();
    t.languages().forEach((language, l) -> json.put(language, new JsonObject().put("lagMs", new JsonObject()
        .put("p50", l.p50()).put("p95", l.p95()).put("max", l.max())).put("lagsMs", new JsonArray(l.lagsMs()))
        .put("translatedSourceFinals", l.translatedFinals()).put("sourceFinals", l.sourceFinals())));
    return json;
  }

  static JsonObject cues(CueFigures c) {
    return new JsonObject().put("measured", c.measured()).put("early", c.early()).put("late", c.late())
        .put("onTimeShare", Double.isNaN(c.onTimeShare()) ? null : Math.round(c.onTimeShare() * 10_000) / 10_000.0)
        .put("streamsEndedAtScrape", c.streamsEnded())
        .put("leadMs", new JsonObject().put("p5", number(c.leadP5Ms())).put("p50", number(c.leadP50Ms()))
            .put("p95", number(c.leadP95Ms())).put("interpolation", "within histogram buckets"))
        .put("videoDelayMs", new JsonObject().put("segments", c.videoDelayed()).put("p50", number(c.videoDelayP50Ms()))
            .put("p95", number(c.videoDelayP95Ms())))
        .put("holdbackReasons", new JsonObject(new java.util.TreeMap<String, Object>(c.holdbackReasons())));
  }

  private static Double number(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 10) / 10.0;
  }
}
