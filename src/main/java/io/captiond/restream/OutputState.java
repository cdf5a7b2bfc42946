package io.captiond.restream;

/** Where a restream output stands. */
public enum OutputState {
  /** Connecting, handshaking or asking to publish. */
  CONNECTING,
  /** Publishing: tags go out. */
  LIVE,
  /** Lost or refused; waiting its back-off before the next attempt. */
  RETRYING,
  /** Gave up after the configured number of attempts in a row; only a restart revives it. */
  FAILED,
  /** Closed by its owner. */
  STOPPED
}
