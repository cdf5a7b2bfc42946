package io.captiond.ingest.publish;

import java.util.Objects;

/** The answer to a {@link PublishClaim}. Local only: a grant carries the live feed object. */
public sealed interface ClaimReply {

  /** Publishing may start; media goes into {@code feed}. */
  record Granted(String streamId, PublisherFeed feed) implements ClaimReply {
    public Granted {
      Objects.requireNonNull(streamId, "streamId");
      Objects.requireNonNull(feed, "feed");
    }
  }

  /** Publishing is refused; the publisher gets NetStream.Publish.BadName with the reason. */
  record Refused(String reason) implements ClaimReply {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
