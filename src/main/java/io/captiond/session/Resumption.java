package io.captiond.session;

import io.captiond.ingest.SourceSpec;
import java.util.Optional;

/**
 * Which streams come back after a restart, and where their stream time goes on. An RTMP stream waits
 * for its publisher again (the encoder's reconnect just works); an HLS pull starts again at the live
 * edge (a complete playlist is not read again: it ends, see the HLS source). A pulled URL or file is
 * not resumed: where it was is not kept, and reading it again from the start would caption it twice.
 *
 * <p>Stream time: a resumed stream's media is placed after the end of its last stored final, so its
 * cue times never overlap or go back.
 */
public final class Resumption {

  /** The reason a resumed stream shows until its source speaks again. */
  public static final String RESUMED = "resumed after a restart";
  static final String PULL_NOT_RESUMED = "server restarted: a pulled URL or file is not resumed"
      + " (its read position is not kept); create a new stream to read it again";

  private Resumption() {}

  /** Why a stream that was waiting or live cannot resume, or empty if it can. */
  public static Optional<String> refusal(SourceSpec source) {
    return source.type() == SourceSpec.Type.PULL ? Optional.of(PULL_NOT_RESUMED) : Optional.empty();
  }

  /** Where a resumed stream's media starts, given the end of its last stored final ({@code Long.MIN_VALUE}: none). */
  public static long streamTimeAfter(long lastFinalEndMs) {
    return lastFinalEndMs == Long.MIN_VALUE ? 0 : Math.max(0, lastFinalEndMs + 1);
  }
}
