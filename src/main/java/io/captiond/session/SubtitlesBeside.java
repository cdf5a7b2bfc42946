package io.captiond.session;

import io.captiond.captions.CaptionOutput;
import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.sources.VideoFollower;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * Puts an HLS subtitle rendition beside a source's video, when subtitles are on: it follows the local
 * HLS output of a remuxed source, or is fed the segments of an HLS source, and takes the stream's cues
 * from its {@link CaptionOutput}. Call on the session's context.
 */
final class SubtitlesBeside {

  private SubtitlesBeside() {}

  /**
   * The follower that feeds the new rendition, or {@code null} when subtitles are off. Beside the remuxer the
   * rendition is synced exactly when the remuxer's playlist is held ({@code remuxerHeld}): one of them must
   * write the served playlist, and only one.
   */
  static VideoFollower start(Vertx vertx, String streamId, Path hlsDir, SubtitleRendition.Settings settings,
      boolean remuxerHeld, boolean decodesAudio, MeterRegistry meters, CaptionOutput output, VideoFollower.Kind kind) {
    if (!settings.enabled() || kind == VideoFollower.Kind.REMUXED && !decodesAudio) {
      return null; // a relay that decodes no audio has nothing to caption: its HLS goes out as muxed
    }
    SubtitleRendition rendition = kind == VideoFollower.Kind.REMUXED
        ? SubtitleRendition.start(vertx, streamId, hlsDir, settings.withSynced(remuxerHeld), meters)
        : SubtitleRendition.startBeside(vertx, streamId, hlsDir, settings, meters);
    output.addTrack(rendition);
    return VideoFollower.of(rendition::origin, rendition::sourceOpened, rendition::sourceSegment);
  }
}
