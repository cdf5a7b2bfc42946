package io.captiond.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * Open caption feeds by stream and by remote address, against {@code viewers.max_per_stream} and
 * {@code viewers.max_per_address}. An IPv6 address counts by its /64, which one subscriber usually holds whole.
 * Used on one event loop.
 */
final class ViewerCounts {

  private final int maxPerStream;
  private final int maxPerAddress;
  private final Map<String, Integer> byStream = new HashMap<>();
  private final Map<String, Integer> byAddress = new HashMap<>();

  ViewerCounts(int maxPerStream, int maxPerAddress) {
    this.maxPerStream = maxPerStream;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a place for a viewer; the refusal to answer, or {@code null} when it got one. */
  String take(String streamId, String address) {
    String owner = owner(address);
    if (byStream.getOrDefault(streamId, 0) >= maxPerStream) {
      return "stream " + ApiErrors.shown(streamId) + " has " + maxPerStream + " viewers (viewers.max_per_stream)";
    }
    if (byAddress.getOrDefault(owner, 0) >= maxPerAddress) {
      return "your address has " + maxPerAddress + " caption feeds open (viewers.max_per_address)";
    }
    byStream.merge(streamId, 1, Integer::sum);
    byAddress.merge(owner, 1, Integer::sum);
    return null;
  }

  void release(String streamId, String address) {
    byStream.computeIfPresent(streamId, (k, n) -> n <= 1 ? null : n - 1);
    byAddress.computeIfPresent(owner(address), (k, n) -> n <= 1 ? null : n - 1);
  }

  int ofStream(String streamId) {
    return byStream.getOrDefault(streamId, 0);
  }

  /** The address as counted: IPv4 whole, IPv6 by its /64 prefix. */
  static String owner(String address) {
    if (address == null || !address.contains(":")) {
      return address == null ? "" : address;
    }
    try {
      InetAddress parsed = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
          : address); // a literal: no lookup
      if (parsed instanceof Inet6Address) {
        byte[] bytes = parsed.getAddress();
        return "v6:" + java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
      }
      return parsed.getHostAddress();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
