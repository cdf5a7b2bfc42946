package io.captiond.ingest.pull;

import io.captiond.settings.Check;
import java.util.List;
import java.util.Locale;

/** Matching a host against {@code pull.allowed_hosts}: exact names or IP literals, or {@code *.domain}. */
final class HostList {

  private HostList() {}

  static List<String> normalized(String key, List<String> hosts) {
    List<String> out = hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    for (String host : out) {
      Check.require(key, !host.isEmpty() && !host.contains("/")
          && (!host.contains("*") || host.matches("\\*\\.[^*]+")),
          "'" + host + "' is not a host name, an IP address or *.domain");
    }
    return out;
  }

  static boolean allows(List<String> hosts, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (String entry : hosts) {
      if (entry.startsWith("*.") ? h.endsWith(entry.substring(1)) : h.equals(entry)) {
        return true;
      }
    }
    return false;
  }
}
