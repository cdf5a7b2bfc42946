package io.captiond.ingest.srt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** The per-stream meters of an SRT source, tagged {@code stream} as the RTMP ingest's are; removed when it stops. */
final class SrtMeters {

  final Counter bytes;
  final Counter reconnects;
  final Counter late;
  final Counter bufferFull;
  final Counter discontinuities;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  SrtMeters(MeterRegistry registry, String streamId) {
    this.registry = registry;
    bytes = add(Counter.builder("captiond.srt.ingest.bytes").baseUnit("bytes").tag("stream", streamId)
        .description("Media bytes received over SRT (ingest bitrate: rate of this)").register(registry));
    reconnects = add(Counter.builder("captiond.srt.reconnects").tag("stream", streamId)
        .description("SRT connections that continued a stream after the last had ended").register(registry));
    late = add(dropped(streamId, "late"));
    bufferFull = add(dropped(streamId, "buffer_full"));
    discontinuities = add(Counter.builder("captiond.srt.timestamp.discontinuities").tag("stream", streamId)
        .description("Jumps of the sender's clock absorbed so that stream time continues smoothly")
        .register(registry));
  }

  private Counter dropped(String streamId, String reason) {
    return Counter.builder("captiond.srt.dropped").tag("stream", streamId).tag("reason", reason)
        .description("Packets dropped: late (time went backwards), or MPEG-TS blocks for a full buffer"
            + " (a reader behind)").register(registry);
  }

  private Counter add(Counter counter) {
    meters.add(counter);
    return counter;
  }

  void remove() {
    meters.forEach(registry::remove);
  }
}
