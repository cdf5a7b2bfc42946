package io.captiond.media.embed;

import io.captiond.captions.cea608.A53Sei;
import io.captiond.captions.cea608.CcData;

/**
 * Rewrites FLV H.264 frame tags with an A/53 caption SEI inside. Learns the NAL length size from
 * each sequence header it is shown (the publisher may send a new one mid-stream); a new tag
 * comes back with the longer body, so its DataSize and PreviousTagSize follow. Single-threaded.
 */
public final class AvcTagRewriter {

  private AvcDecoderConfig config;

  /** Reads the NAL length size from an AVC sequence header tag. */
  public void configure(FlvTag sequenceHeader) {
    if (!sequenceHeader.isAvcSequenceHeader()) {
      throw new IllegalArgumentException("not an AVC sequence header: " + sequenceHeader);
    }
    config = AvcDecoderConfig.parse(sequenceHeader.body(), FlvTag.AVC_HEADER_SIZE);
  }

  public boolean isConfigured() {
    return config != null;
  }

  /**
   * The frame with {@code ccData} as an SEI before its first slice.
   *
   * @throws EmbedException when no sequence header came first or the NAL units are malformed
   */
  public FlvTag withCaptions(FlvTag frame, CcData ccData) {
    if (!frame.isAvcFrame()) {
      throw new IllegalArgumentException("not an AVC frame tag: " + frame);
    }
    if (config == null) {
      throw new EmbedException("an AVC frame at " + frame.timestampMs() + " ms came before any sequence header");
    }
    byte[] body = SeiInsertion.avcc(frame.body(), FlvTag.AVC_HEADER_SIZE, config.nalLengthSize(), A53Sei.nalUnit(ccData));
    return new FlvTag(frame.type(), frame.timestampMs(), body);
  }
}
