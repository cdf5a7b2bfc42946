package io.captiond.asr;

import java.util.Objects;

/**
 * Marks an {@link AsrRequest} as the next piece of one utterance for a {@link StreamingAsrEngine}: its
 * window holds the samples from {@code offset} (counted from the utterance's first sample) on, and the
 * worker feeds them to the utterance's open decoder instead of decoding the window alone.
 *
 * @param key names the utterance, unique across streams and restarts (stream, session epoch, number)
 * @param offset the window's first sample, counted from the utterance's first sample
 * @param last whether the utterance ends with this window: the answer is its final hypothesis
 */
public record UtteranceFeed(String key, long offset, boolean last) {

  public UtteranceFeed {
    Objects.requireNonNull(key, "key");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }
}
