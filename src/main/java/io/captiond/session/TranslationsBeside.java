package io.captiond.session;

import io.captiond.captions.CueTrack;
import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.sources.VideoFollower;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.SourceSegment;
import io.captiond.translate.StreamTranslations;
import io.captiond.translate.TranslationMetrics;
import io.captiond.translate.WhisperWorkers;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Wires a stream's translation stage: makes its {@link StreamTranslations} from the shared services (the
 * {@code whisper} engine reaching the ASR workers through the node's worker directory), and puts
 * a subtitle rendition per language beside the source's own (in {@code hls/<lang>/}), following the same
 * video so the segments line up. Call on the session's context.
 */
final class TranslationsBeside {

  private TranslationsBeside() {}

  static StreamTranslations stage(Vertx vertx, StreamRecord stream, Path dir, SessionServices services,
      Consumer<String> degraded) {
    StreamTranslations translations = new StreamTranslations(vertx, stream.id(), stream.language(), dir,
        services.translation(), services.cues(), new TranslationMetrics(services.meters()),
        pair -> services.translationDirectory() == null ? Optional.empty()
            : services.translationDirectory().engineFor(pair), degraded);
    // the whisper engine runs on the ASR workers: the stream's own Whisper model is preferred
    translations.whisper(new WhisperWorkers(services.asr().directory(), stream.engine()));
    return translations;
  }

  /**
   * The follower of the source's video that also feeds the translated renditions; {@code source} (the
   * source rendition's follower) when subtitles are off ({@code null}).
   */
  static VideoFollower follow(Vertx vertx, String streamId, Path hlsDir, SubtitleRendition.Settings settings,
      StreamTranslations translations, VideoFollower.Kind kind, VideoFollower source) {
    if (source == null) {
      return null;
    }
    List<SubtitleRendition> renditions = new ArrayList<>();
    HlsRemuxer.Origin[] origin = {null};
    boolean remuxed = kind == VideoFollower.Kind.REMUXED;
    translations.renditions(language -> {
      SubtitleRendition rendition = SubtitleRendition.startTrack(vertx, streamId, hlsDir, hlsDir.resolve(language),
          settings, remuxed);
      if (origin[0] != null) {
        rendition.origin(origin[0]);
      }
      renditions.add(rendition);
      return Optional.<CueTrack>of(rendition);
    });
    return new VideoFollower() {
      @Override
      public void remuxOrigin(HlsRemuxer.Origin o) {
        origin[0] = o;
        source.remuxOrigin(o);
        renditions.forEach(r -> r.origin(o));
      }

      @Override
      public void sourceOpened(MasterPlaylist master, URI mediaPlaylist) {
        source.sourceOpened(master, mediaPlaylist);
      }

      @Override
      public void sourceSegment(SourceSegment segment) {
        source.sourceSegment(segment);
        renditions.forEach(r -> r.sourceSegment(segment));
      }
    };
  }
}
