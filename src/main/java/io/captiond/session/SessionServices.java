package io.captiond.session;

import io.captiond.captions.CueLayout;
import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.ingest.srt.SrtPorts;
import io.captiond.ingest.srt.SrtSettings;
import io.captiond.vad.SileroVad;
import io.captiond.vad.VadSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/**
 * What every session of this process shares: the loaded VAD model, the caption policy and cue
 * layout settings, other settings, the data folder and
 * the meter registry. Immutable; the VAD model is thread-safe.
 *
 * @param asrTimeoutMs how long a session waits for one window's transcript before retrying
 * @param maxQueuedFinals finals that may wait for the recognizer before the oldest is skipped
 * @param subtitles the HLS subtitle rendition of RTMP sources
 * @param srt the node's SRT listening ports ({@code srt.*})
 */
public record SessionServices(
    SileroVad vad,
    VadSettings vadConfig,
    PolicyFactory policies,
    CueLayout.Config cues,
    PullSettings pull,
    RtmpIngestSettings rtmp,
    Path dataDir,
    MeterRegistry meters,
    long asrTimeoutMs,
    int maxQueuedFinals,
    HlsSettings hls,
    SubtitleRendition.Settings subtitles,
    SrtPorts srt) {

  /** Without SRT settings: the {@code srt.*} defaults. */
  public SessionServices(SileroVad vad, VadSettings vadConfig, PolicyFactory policies, CueLayout.Config cues,
      PullSettings pull, RtmpIngestSettings rtmp, Path dataDir, MeterRegistry meters, long asrTimeoutMs,
      int maxQueuedFinals, HlsSettings hls, SubtitleRendition.Settings subtitles) {
    this(vad, vadConfig, policies, cues, pull, rtmp, dataDir, meters, asrTimeoutMs, maxQueuedFinals, hls, subtitles,
        new SrtPorts(SrtSettings.defaults()));
  }

  public Path streamDir(String streamId) {
    return dataDir.resolve("streams").resolve(streamId);
  }
}
