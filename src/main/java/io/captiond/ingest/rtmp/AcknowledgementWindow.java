package io.captiond.ingest.rtmp;

import java.util.Optional;

/**
 * RTMP 1.0 section 5.4.3: "The client or the server MUST send an acknowledgment to the peer after
 * receiving bytes equal to the window size." Counts the bytes received and says when an
 * Acknowledgement is due; its sequence number is the byte count modulo 2^32.
 */
final class AcknowledgementWindow {

  private long window;
  private long received;
  private long acknowledged;

  /** @param window the size we announced, used until the peer announces its own */
  AcknowledgementWindow(long window) {
    this.window = window;
  }

  /** Section 5.4.4: the peer's Window Acknowledgement Size replaces ours. */
  void resize(long window) {
    this.window = window;
  }

  void count(long bytes) {
    received += bytes;
  }

  /** The Acknowledgement to send now, once a window's worth has arrived since the last one. */
  Optional<ControlMessage.Acknowledgement> due() {
    if (received - acknowledged < window) {
      return Optional.empty();
    }
    acknowledged = received;
    return Optional.of(new ControlMessage.Acknowledgement(received & 0xFFFFFFFFL));
  }
}
