package io.captiond.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** The per-stream meters of an RTMP source, tagged {@code stream}; removed when the source stops. */
final class IngestMeters {

  final Counter bytes;
  final Counter audioFrames;
  final Counter videoFrames;
  final Counter late;
  final Counter audioOverflow;
  final Counter mediaOverflow;
  final Counter reconnects;
  final Counter discontinuities;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  IngestMeters(MeterRegistry registry, String streamId) {
    this.registry = registry;
    bytes = add(Counter.builder("captiond.rtmp.ingest.bytes").baseUnit("bytes").tag("stream", streamId)
        .description("Media bytes received from the publisher (ingest bitrate: rate of this)")
        .register(registry));
    audioFrames = add(frames(streamId, "audio"));
    videoFrames = add(frames(streamId, "video"));
    late = add(dropped(streamId, "late"));
    audioOverflow = add(dropped(streamId, "audio_buffer_full"));
    mediaOverflow = add(dropped(streamId, "hls_buffer_full"));
    reconnects = add(Counter.builder("captiond.rtmp.reconnects").tag("stream", streamId)
        .description("Publishers that continued a stream after another had left or was replaced")
        .register(registry));
    discontinuities = add(Counter.builder("captiond.rtmp.timestamp.discontinuities").tag("stream", streamId)
        .description("Jumps of the publisher's clock absorbed so that stream time continues smoothly")
        .register(registry));
  }

  private Counter frames(String streamId, String track) {
    return Counter.builder("captiond.rtmp.frames").tag("stream", streamId).tag("track", track)
        .description("Media frames received from the publisher").register(registry);
  }

  private Counter dropped(String streamId, String reason) {
    return Counter.builder("captiond.rtmp.dropped").tag("stream", streamId).tag("reason", reason)
        .description("Packets dropped: late (time went backwards) or a full buffer (publisher"
            + " faster than decoding)").register(registry);
  }

  private Counter add(Counter counter) {
    meters.add(counter);
    return counter;
  }

  void remove() {
    meters.forEach(registry::remove);
  }
}
