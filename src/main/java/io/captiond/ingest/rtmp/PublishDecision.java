package io.captiond.ingest.rtmp;

import java.util.Objects;

/** A {@link PublishListener}'s answer to a publish request. */
public sealed interface PublishDecision {

  /** Publishing starts: the publisher gets NetStream.Publish.Start. */
  record Accept() implements PublishDecision {}

  /** The publisher gets NetStream.Publish.BadName with this reason, then the connection closes. */
  record Reject(String reason) implements PublishDecision {
    public Reject {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static PublishDecision accept() {
    return new Accept();
  }

  static PublishDecision reject(String reason) {
    return new Reject(reason);
  }
}
