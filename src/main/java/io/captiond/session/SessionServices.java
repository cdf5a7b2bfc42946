package io.captiond.session;

import io.captiond.captions.CueLayout;
import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.translate.TranslationDirectory;
import io.captiond.translate.TranslationSettings;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.restream.OutputSettings;
import io.captiond.ingest.srt.SrtPorts;
import io.captiond.vad.SileroVad;
import io.captiond.vad.VadSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/**
 * What every session of this process shares: the loaded VAD model, the caption policy and cue
 * layout settings, other settings, the data folder and
 * the meter registry. Immutable; the VAD model is thread-safe.
 *
 * @param asr how windows reach the ASR workers and how long each may take
 * @param maxQueuedFinals finals that may wait for the recognizer before the oldest is skipped
 * @param subtitles the HLS subtitle rendition of RTMP sources
 * @param translation the translation stage's settings
 * @param translationDirectory which engines offer which language pairs (started by the registry)
 * @param outputs captions embedded in the re-published video, and restream outputs
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
    AsrDeadlines asr,
    int maxQueuedFinals,
    HlsSettings hls,
    SubtitleRendition.Settings subtitles,
    TranslationSettings translation,
    TranslationDirectory translationDirectory,
    OutputSettings outputs,
    SrtPorts srt) {

  public Path streamDir(String streamId) {
    return dataDir.resolve("streams").resolve(streamId);
  }
}
