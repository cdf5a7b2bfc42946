package io.captiond.ingest.sources;

import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.SourceSegment;
import io.captiond.media.HlsRemuxer;
import java.net.URI;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Follows a source's video, as a subtitle rendition beside it must: all calls on the session's
 * context. Which calls come depends on the {@link Kind} of video the source offers.
 */
public interface VideoFollower {

  enum Kind {
    /** The source re-publishes what it receives as local HLS (an RTMP publish): {@link #remuxOrigin}. */
    REMUXED,
    /** The source reads an HLS presentation: {@link #sourceOpened}, then {@link #sourceSegment}s. */
    SOURCE_HLS
  }

  /** Where the local HLS output's clock starts (once, about a segment after the first publish). */
  void remuxOrigin(HlsRemuxer.Origin origin);

  /** The master playlist, or {@code null} when the source URL named a media playlist. */
  void sourceOpened(MasterPlaylist master, URI mediaPlaylist);

  /** Where an MPEG-TS segment of the source went in stream time. */
  void sourceSegment(SourceSegment segment);

  static VideoFollower of(Consumer<HlsRemuxer.Origin> origin, BiConsumer<MasterPlaylist, URI> opened,
      Consumer<SourceSegment> segment) {
    return new VideoFollower() {
      @Override
      public void remuxOrigin(HlsRemuxer.Origin o) {
        origin.accept(o);
      }

      @Override
      public void sourceOpened(MasterPlaylist master, URI mediaPlaylist) {
        opened.accept(master, mediaPlaylist);
      }

      @Override
      public void sourceSegment(SourceSegment s) {
        segment.accept(s);
      }
    };
  }
}
