package io.captiond.restream;

/**
 * An output as the stream description and metrics show it.
 *
 * @param url the redacted URL (key as {@code ***})
 * @param bitrateBps bits per second sent over the last few seconds
 * @param lastError the last failure, null when none; never holds the key
 * @param reconnects connections lost or refused since the start
 */
public record OutputStatus(String url, OutputState state, long bitrateBps, long bytesSent,
    long droppedTags, int reconnects, String lastError) {}
