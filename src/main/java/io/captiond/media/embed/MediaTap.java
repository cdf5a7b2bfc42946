package io.captiond.media.embed;

import java.util.List;
import java.util.Map;

/**
 * What sees a stream's media on its way to the HLS remuxer: every FLV tag the publisher sent, in
 * decode order, with stream times. It answers with the tags the remuxer gets instead (the same tag,
 * or tags with captions embedded, possibly later: a synced output holds them). Called under the
 * stream media's lock, on a network thread: it must not block.
 */
public interface MediaTap {

  /** Passes everything through, untouched. */
  MediaTap NONE = new MediaTap() {
    @Override
    public List<FlvTag> received(FlvTag tag) {
      return List.of(tag);
    }

    @Override
    public List<FlvTag> finish() {
      return List.of();
    }
  };

  /** The next tag; returns what the remuxer writes now, in order. */
  List<FlvTag> received(FlvTag tag);

  /** The publisher's {@code onMetaData} properties (its frame rate, for the caption pacer). */
  default void metaData(Map<String, Object> properties) {}

  /** The stream ended: what the remuxer still gets. */
  List<FlvTag> finish();
}
