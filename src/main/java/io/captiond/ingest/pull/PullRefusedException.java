package io.captiond.ingest.pull;

/**
 * A pull URL this server will not read: its message says what was refused and by which key, never
 * what FFmpeg or the network said (a reason must not be a port-scan oracle).
 */
public final class PullRefusedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public PullRefusedException(String message) {
    super(message);
  }
}
