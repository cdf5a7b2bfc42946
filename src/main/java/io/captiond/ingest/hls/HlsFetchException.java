package io.captiond.ingest.hls;

import java.io.IOException;

/** A playlist or segment that could not be fetched; {@link #kind()} says whether trying again may help. */
public final class HlsFetchException extends IOException {

  public enum Kind {
    /** The URL or a redirect leads outside hls.allowed_hosts or http(s): never retried. */
    REFUSED(false),
    /** The body passed its limit: aborted while reading, never retried. */
    TOO_LARGE(false),
    /** An HTTP status other than success or redirect. */
    STATUS(true),
    /** No complete answer within the timeout. */
    TIMEOUT(true),
    /** Connection refused, reset, closed early. */
    NETWORK(true);

    final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;

  public HlsFetchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
