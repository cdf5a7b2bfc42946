package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The hostile benchmark's Markdown report: the attack, what it cost, and the captions against the quiet run. */
final class HostileReport {

  private HostileReport() {}

  static void write(Path file, StepResult quiet, StepResult attacked, HostileAttack.Figures attack, String failure,
      long sessionsAsked, List<String> loads, boolean rtmps) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Hostile-traffic benchmark, ").append(java.time.LocalDate.now()).append("\n\n");
    md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, shared with other")
        .append(" work; machine ").append(loads.get(0)).append(" before the quiet run, ").append(loads.get(1))
        .append(" before the attacked run, ").append(loads.get(2)).append(" after it.\n\n");
    md.append("## Result\n\n");
    md.append("| figure | quiet | under attack |\n| --- | --- | --- |\n");
    md.append(row("server crashes", "0", failure == null ? "0" : (failure.contains("exited") ? "1" : "0 (run failed: "
        + failure.replace('|', '/') + ")")));
    boolean a = attacked != null;
    md.append(row("sentences captioned", quiet.sentencesCaptioned() + " / " + quiet.sentences(),
        a ? attacked.sentencesCaptioned() + " / " + attacked.sentences() : "n/a"));
    md.append(row("WER (mean of streams)", pct(quiet.werMean()), a ? pct(attacked.werMean()) : "n/a"));
    md.append(row("confirmed caption lag p50 / p95 (ms)", quiet.confirmedP50() + " / " + quiet.confirmedP95(),
        a ? attacked.confirmedP50() + " / " + attacked.confirmedP95() : "n/a"));
    md.append(row("server peak RSS (MiB)", mib(quiet.usage().peakRssKb()), a ? mib(attacked.usage().peakRssKb()) : "n/a"));
    md.append(row("server CPU (s)", secs(quiet.usage().serverCpuMs()), a ? secs(attacked.usage().serverCpuMs()) : "n/a"));
    List<Long> health = attack.healthMillis();
    md.append(row("/health p50 / p99 / max (ms) during the attack", "", HostileProbeFigures.of(health)
        + " (" + health.size() + " probes, " + attack.healthFailures() + " failed)"));
    md.append("\n## The attack\n\n");
    md.append("- hostile RTMP sessions sent: **").append(attack.sessionsSent()).append("** of ").append(sessionsAsked)
        .append(" asked, in ").append(attack.wallMs() / 1000).append(" s (").append(attack.sessionsSent() * 1000
            / Math.max(1, attack.wallMs())).append(" a second)")
        .append(attack.sessionsSent() < sessionsAsked ? "; the run ended (the legitimate speech was over) before"
            + " all were sent: raise --seconds for more" : "").append("\n");
    md.append("  - by mutation of a recorded FFmpeg publish: ");
    for (Map.Entry<RtmpMutations.Kind, Long> e : attack.perKind().entrySet()) {
      md.append(e.getKey().name().toLowerCase().replace('_', ' ')).append(" ").append(e.getValue()).append(", ");
    }
    md.setLength(md.length() - 2);
    md.append("\n  - closed by the server within 100 ms of the last byte: ").append(attack.closedByServer())
        .append("; still open when the sender left: ").append(attack.leftOpen()).append("; connect failed: ")
        .append(attack.connectFailed()).append("\n");
    md.append("- idle connections (peak held / opened in all / closed by the server), from 16 000 loopback addresses:\n");
    for (Map.Entry<String, int[]> e : attack.idle().entrySet()) {
      md.append("  - ").append(e.getKey()).append(": ").append(e.getValue()[0]).append(" / ").append(e.getValue()[1])
          .append(" / ").append(e.getValue()[2]).append("\n");
    }
    md.append("- HTTP abuse: ").append(attack.httpRequests()).append(" requests (path traversal ")
        .append(HttpAbuse.TRAVERSALS.size()).append(" forms, 256 KiB headers and request lines, 16 MiB bodies with and")
        .append(" without the token); replies holding a secret: **").append(attack.httpLeaks()).append("**")
        .append(attack.firstLeak() == null ? "" : " (first: `" + attack.firstLeak() + "`)").append("; huge bodies refused: ")
        .append(attack.hugeRefused()).append("\n");
    md.append("- WebSocket viewers of a live stream that never read: ").append(attack.stalledViewers()).append("\n");
    md.append(rtmps ? "- the server ran RTMPS too (tls.rtmps_port, self-signed certificate)\n" : "");
    md.append("\nLegitimate streams: FFmpeg publishing flite speech over RTMP, one WebSocket viewer each, the same")
        .append(" scripts in both runs; WER and captioned sentences from the harness (load-tests/README.md).\n");
    Files.writeString(file, md.toString());
  }

  private static String row(String name, String quiet, String attacked) {
    return "| " + name + " | " + quiet + " | " + attacked + " |\n";
  }

  private static String pct(double v) {
    return String.format("%.1f%%", v * 100);
  }

  private static String mib(long kb) {
    return kb < 0 ? "n/a" : Long.toString(kb / 1024);
  }

  private static String secs(long ms) {
    return ms < 0 ? "n/a" : String.format("%.1f", ms / 1000.0);
  }

  /** p50 / p99 / max of probe times. */
  static final class HostileProbeFigures {
    static String of(List<Long> millis) {
      return HealthProbe.percentile(millis, 50) + " / " + HealthProbe.percentile(millis, 99) + " / "
          + millis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
  }
}
