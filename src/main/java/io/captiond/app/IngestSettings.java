package io.captiond.app;

import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.ingest.rtmp.RtmpSettings;
import io.captiond.ingest.srt.SrtSettings;
import io.captiond.media.HlsRemuxer;
import io.captiond.vad.VadSettings;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the settings of the stages a stream's audio passes through: the VAD ({@code vad.*}), pull and
 * HLS sources ({@code pull.*}, {@code hls.*}), the RTMP server and its ingest ({@code rtmp.*}), SRT
 * sources ({@code srt.*}) and
 * the HLS output ({@code hls_out.*}). Where the record is ours its keys live beside it
 * ({@link VadSettings}, {@link PullSettings}); the RTMP and HLS records are named here for now.
 */
final class IngestSettings {

  static final String RTMP_HOST = "rtmp.host";
  static final String RTMP_PORT = "rtmp.port";
  static final String RTMP_MAX_CONNECTIONS_PER_IP = "rtmp.max_connections_per_ip";
  static final String RTMP_MAX_CONNECTIONS = "rtmp.max_connections";
  static final String RTMP_MAX_MESSAGE_BYTES_BEFORE_PUBLISH = "rtmp.max_message_bytes_before_publish";
  static final String RTMP_HANDSHAKE_TIMEOUT_MS = "rtmp.handshake_timeout_ms";
  static final String RTMP_PUBLISH_TIMEOUT_MS = "rtmp.publish_timeout_ms";
  static final String RTMP_MAX_PENDING_BYTES_TOTAL = "rtmp.max_pending_bytes_total";
  static final String RTMP_ALLOW_TAKEOVER = "rtmp.allow_takeover";
  static final String RTMP_RECONNECT_GRACE_MS = "rtmp.reconnect_grace_ms";
  static final String RTMP_AUDIO_BUFFER_BYTES = "rtmp.audio_buffer_bytes";
  static final String RTMP_MEDIA_BUFFER_BYTES = "rtmp.media_buffer_bytes";
  static final String RTMP_CHUNK_MS = "rtmp.chunk_ms";
  static final String RTMP_DECODE_AUDIO = "rtmp.decode_audio";
  static final String HLS_OUT_ENABLED = "hls_out.enabled";
  static final String HLS_OUT_SEGMENT_SECONDS = "hls_out.segment_seconds";
  static final String HLS_OUT_WINDOW_SEGMENTS = "hls_out.window_segments";
  static final String HLS_OUT_SUBTITLES = "hls_out.subtitles";
  static final String HLS_OUT_SUBTITLE_HOLDBACK_MS = "hls_out.subtitle_holdback_ms";
  static final String HLS_OUT_SYNC = "hls_out.sync";
  static final String HLS_OUT_SYNC_MIN_DELAY_MS = "hls_out.sync_min_delay_ms";
  static final String SYNCED = "synced";
  static final String LIVE = "live";
  static final String HLS_ALLOWED_HOSTS = "hls.allowed_hosts";
  static final String HLS_PLAYLIST_MAX_BYTES = "hls.playlist_max_bytes";
  static final String HLS_PLAYLIST_MAX_SEGMENTS = "hls.playlist_max_segments";
  static final String HLS_SEGMENT_MAX_BYTES = "hls.segment_max_bytes";
  static final String HLS_SEGMENT_TIMEOUT_MS = "hls.segment_timeout_ms";
  static final String HLS_RETRIES = "hls.retries";
  static final String HLS_MAX_CONSECUTIVE_FAILURES = "hls.max_consecutive_failures";

  private IngestSettings() {}

  static VadSettings vad(Config config) {
    return ConfigException.keyed(() -> new VadSettings(Path.of(config.string(VadSettings.MODEL)),
        (float) config.decimal(VadSettings.THRESHOLD), config.integer(VadSettings.MIN_SILENCE_MS),
        config.integer(VadSettings.MIN_SPEECH_MS), config.integer(VadSettings.SPEECH_PAD_MS),
        config.integer(VadSettings.THREADS)));
  }

  static io.captiond.vad.VadBatching vadBatching(Config config) {
    return ConfigException.keyed(() -> new io.captiond.vad.VadBatching(
        config.integer(io.captiond.vad.VadBatching.TICK_MS), config.integer(io.captiond.vad.VadBatching.MAX_BATCH)));
  }

  static PullSettings pull(Config config) {
    return ConfigException.keyed(() -> new PullSettings(Set.copyOf(config.list(PullSettings.ALLOWED_SCHEMES)),
        config.integer(PullSettings.CHUNK_MS), config.integer(PullSettings.READ_TIMEOUT_MS),
        PullSettings.MAX_CONSECUTIVE_ERRORS, config.list(PullSettings.ALLOWED_HOSTS),
        config.list(PullSettings.ALLOWED_DIRS).stream().map(Path::of).toList()));
  }

  static HlsSettings hls(Config config) {
    int playlistBytes = config.integer(HLS_PLAYLIST_MAX_BYTES, 1024, 64 << 20);
    int playlistSegments = config.integer(HLS_PLAYLIST_MAX_SEGMENTS, 1, 1_000_000);
    int segmentBytes = config.integer(HLS_SEGMENT_MAX_BYTES, 1024, Integer.MAX_VALUE);
    int timeoutMs = config.integer(HLS_SEGMENT_TIMEOUT_MS, 100, 600_000);
    int retries = config.integer(HLS_RETRIES, 0, 10);
    int failures = config.integer(HLS_MAX_CONSECUTIVE_FAILURES, 1, 1_000);
    try {
      return new HlsSettings(config.list(HLS_ALLOWED_HOSTS), playlistBytes, playlistSegments, segmentBytes,
          timeoutMs, retries, failures);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(HLS_ALLOWED_HOSTS, e.getMessage());
    }
  }

  static RtmpSettings rtmp(Config config) {
    int port = config.integer(RTMP_PORT, 0, 65535);
    int perIp = config.integer(RTMP_MAX_CONNECTIONS_PER_IP, 1, 100_000);
    int total = config.integer(RTMP_MAX_CONNECTIONS, 1, 1_000_000);
    int beforePublish = config.integer(RTMP_MAX_MESSAGE_BYTES_BEFORE_PUBLISH, 1024, 8 << 20);
    int handshakeMs = config.integer(RTMP_HANDSHAKE_TIMEOUT_MS, 100, 600_000);
    int publishMs = config.integer(RTMP_PUBLISH_TIMEOUT_MS, 100, 600_000);
    int pendingTotal = config.integer(RTMP_MAX_PENDING_BYTES_TOTAL, 8 << 20, Integer.MAX_VALUE);
    try {
      return RtmpSettings.builder().host(config.string(RTMP_HOST)).port(port).maxConnectionsPerIp(perIp)
          .maxConnections(total).maxMessageLengthBeforePublish(beforePublish)
          .handshakeTimeout(java.time.Duration.ofMillis(handshakeMs))
          .publishTimeout(java.time.Duration.ofMillis(publishMs)).maxPendingBytesTotal(pendingTotal).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(RTMP_HOST, e.getMessage());
    }
  }

  static RtmpIngestSettings rtmpIngest(Config config) {
    // The remuxer's playlist is held only where a subtitle rendition lists its segments again.
    boolean held = synced(config) && config.bool(HLS_OUT_SUBTITLES) && config.bool(RTMP_DECODE_AUDIO);
    HlsRemuxer.Settings remuxer = new HlsRemuxer.Settings(config.integer(HLS_OUT_SEGMENT_SECONDS, 1, 60),
        config.integer(HLS_OUT_WINDOW_SEGMENTS, 2, 1_000), held,
        config.bool(io.captiond.restream.OutputSettings.HLS_OUT_EMBEDDED_CAPTIONS));
    int graceMs = config.integer(RTMP_RECONNECT_GRACE_MS, 0, 3_600_000);
    int audioBytes = config.integer(RTMP_AUDIO_BUFFER_BYTES, 16 << 10, 256 << 20);
    int mediaBytes = config.integer(RTMP_MEDIA_BUFFER_BYTES, 64 << 10, 1 << 30);
    int chunkMs = config.integer(RTMP_CHUNK_MS, 20, 1_000);
    try {
      return new RtmpIngestSettings(config.bool(RTMP_ALLOW_TAKEOVER), graceMs, audioBytes, mediaBytes, chunkMs,
          config.bool(HLS_OUT_ENABLED), remuxer, config.bool(RTMP_DECODE_AUDIO));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(RTMP_DECODE_AUDIO, e.getMessage());
    }
  }

  static SrtSettings srt(Config config) {
    return ConfigException.keyed(() -> SrtSettings.of(config.string(SrtSettings.HOST),
        config.string(SrtSettings.PORT_RANGE), config.integer(SrtSettings.LATENCY_MS),
        config.integer(SrtSettings.OVERHEAD_PERCENT)));
  }

  static SubtitleRendition.Settings subtitles(Config config, RtmpIngestSettings rtmp) {
    SubtitleRendition.Settings settings = new SubtitleRendition.Settings(config.bool(HLS_OUT_SUBTITLES),
        config.integer(HLS_OUT_SUBTITLE_HOLDBACK_MS, 0, 60_000), rtmp.hls().windowSegments(),
        rtmp.hls().segmentSeconds(), synced(config), config.integer(HLS_OUT_SYNC_MIN_DELAY_MS, 0, 60_000));
    long longest = SubtitleRendition.longestHoldMs(settings);
    if (settings.videoDelayMs() > longest) {
      // the remuxer keeps a held segment's file only that long (a window and a segment)
      throw new ConfigException(HLS_OUT_SYNC_MIN_DELAY_MS, "must be at most the longest hold, (window_segments + 1)"
          + " x segment_seconds (or subtitle_holdback_ms if longer) = " + longest + " ms, was "
          + settings.videoDelayMs());
    }
    return settings;
  }

  /** {@code hls_out.sync}: whether the served video waits for its subtitles. */
  static boolean synced(Config config) {
    String mode = config.string(HLS_OUT_SYNC);
    if (!mode.equals(SYNCED) && !mode.equals(LIVE)) {
      throw new ConfigException(HLS_OUT_SYNC, "must be " + SYNCED + " or " + LIVE + ", was '" + mode + "'");
    }
    return mode.equals(SYNCED);
  }
}
