package io.captiond.ingest.publish;

import io.captiond.media.HlsRemuxer;

/**
 * Settings of RTMP sources.
 *
 * @param allowTakeover a second publisher on a live key replaces the first (else it is refused)
 * @param reconnectGraceMs how long a stream waits for its publisher to come back before it ends
 * @param audioBufferBytes bound of the FLV pipe to the audio decoder, per stream
 * @param mediaBufferBytes bound of the FLV pipe to the HLS remuxer, per stream
 * @param chunkMs duration of the PCM chunks handed to the session
 * @param hlsEnabled re-publish the source as HLS
 * @param hls HLS segment duration and window
 * @param decodeAudio decode the audio for VAD and captions; false relays the source as HLS only
 *     (needs {@code hlsEnabled}; the ingest benchmark uses it to measure receive + remux alone)
 */
public record RtmpIngestSettings(boolean allowTakeover, long reconnectGraceMs, int audioBufferBytes,
    int mediaBufferBytes, int chunkMs, boolean hlsEnabled, HlsRemuxer.Settings hls,
    boolean decodeAudio) {

  public RtmpIngestSettings {
    if (!decodeAudio && !hlsEnabled) {
      throw new IllegalArgumentException("rtmp.decode_audio false needs hls_out.enabled true"
          + " (the stream would do nothing)");
    }
  }

  public RtmpIngestSettings(boolean allowTakeover, long reconnectGraceMs, int audioBufferBytes,
      int mediaBufferBytes, int chunkMs, boolean hlsEnabled, HlsRemuxer.Settings hls) {
    this(allowTakeover, reconnectGraceMs, audioBufferBytes, mediaBufferBytes, chunkMs, hlsEnabled,
        hls, true);
  }

  public static RtmpIngestSettings defaults() {
    return new RtmpIngestSettings(false, 10_000, 1 << 20, 8 << 20, 100, true,
        new HlsRemuxer.Settings(2, 6));
  }
}
