package io.captiond.ingest.publish;

import java.util.Objects;

/**
 * A publisher asks to publish: from its connection to the stream registry (which resolves the key)
 * and on to the stream's {@link RtmpIngest}. Local to the node that runs the RTMP server.
 *
 * @param app the RTMP application ({@code live})
 * @param key the stream key; secret, never logged
 * @param remote the publisher's address, for logs
 */
public record PublishClaim(String app, String key, String remote) {

  public PublishClaim {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(remote, "remote");
  }

  @Override
  public String toString() {
    return "PublishClaim[app=" + app + ", remote=" + remote + "]";
  }
}
