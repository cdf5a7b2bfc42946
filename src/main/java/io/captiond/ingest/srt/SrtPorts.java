package io.captiond.ingest.srt;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The node's {@code srt.port_range}: which stream listens on which UDP port. A stream takes the
 * lowest free port when its source starts and gives it back when it stops; the API reads it to
 * name the publish URL. Shared by the node's sessions, hence synchronized (a small table, touched
 * once per stream start and stop).
 */
public final class SrtPorts {

  private final SrtSettings settings;
  private final Map<String, Integer> byStream = new HashMap<>();

  public SrtPorts(SrtSettings settings) {
    this.settings = settings;
  }

  public SrtSettings settings() {
    return settings;
  }

  /** Takes the lowest free port for {@code streamId} (its own again if it holds one). */
  public synchronized int take(String streamId) throws SrtException {
    Integer held = byStream.get(streamId);
    if (held != null) {
      return held;
    }
    for (int port = settings.firstPort(); port <= settings.lastPort(); port++) {
      if (!byStream.containsValue(port)) {
        byStream.put(streamId, port);
        return port;
      }
    }
    throw new SrtException("all " + settings.ports() + " ports of " + SrtSettings.PORT_RANGE + " "
        + settings.firstPort() + "-" + settings.lastPort() + " are taken by other SRT streams");
  }

  public synchronized OptionalInt portOf(String streamId) {
    Integer port = byStream.get(streamId);
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  public synchronized void release(String streamId) {
    byStream.remove(streamId);
  }
}
