package io.captiond.ingest.rtmp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lines about refused and closed peers, logged at a bounded rate: a peer that reconnects in a loop
 * (or a botnet) must not fill the disk with them, since a full disk stops every stream's captions.
 * In each window of {@link #WINDOW_SECONDS} at most {@link #PER_ADDRESS} lines name one address
 * (IPv6 counted per /64, which one subscriber usually holds whole) and at most {@link #TOTAL} lines
 * are logged in all; the lines held back are counted and reported once the window is over, with
 * the next line. Safe to call from any thread (one instance serves all of a server's event loops).
 */
public final class RefusalLog {

  static final int PER_ADDRESS = 10;
  static final int TOTAL = 100;
  static final long WINDOW_SECONDS = 60;
  /** Addresses remembered; beyond it the least recent is forgotten (the total bound still holds). */
  static final int ADDRESSES = 4096;
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

  private final LongSupplier nanoClock;
  private final Map<String, Window> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
      if (size() <= ADDRESSES) {
        return false;
      }
      total.held += eldest.getValue().held;
      return true;
    }
  };
  private final Window total;

  public RefusalLog() {
    this(System::nanoTime);
  }

  RefusalLog(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.total = new Window(nanoClock.getAsLong());
  }

  /** Logs {@code message} about {@code peer} on {@code log}, unless its address or all are over budget. */
  public void log(Logger log, Level level, SocketAddress peer, Supplier<String> message) {
    if (!log.isLoggable(level)) {
      return;
    }
    String key = key(peer);
    long now = nanoClock.getAsLong();
    long heldFromAddress;
    long heldInAll;
    synchronized (this) {
      heldInAll = total.roll(now);
      Window window = byAddress.computeIfAbsent(key, k -> new Window(now));
      heldFromAddress = window.roll(now);
      if (window.logged >= PER_ADDRESS || total.logged >= TOTAL) {
        (window.logged >= PER_ADDRESS ? window : total).held++;
        message = null;
      } else {
        window.logged++;
        total.logged++;
      }
    }
    if (heldFromAddress > 0) {
      log.log(level, heldFromAddress + " more lines about RTMP peers from " + key
          + " were not logged in the last " + WINDOW_SECONDS + " s (at most " + PER_ADDRESS + " per address)");
    }
    if (heldInAll > 0) {
      log.log(level, heldInAll + " more lines about RTMP peers were not logged in the last " + WINDOW_SECONDS
          + " s (at most " + TOTAL + " in all)");
    }
    if (message != null) {
      log.log(level, message);
    }
  }

  /** The address a budget is kept for: an IPv4 address, an IPv6 /64. */
  static String key(SocketAddress peer) {
    if (!(peer instanceof InetSocketAddress socket) || socket.getAddress() == null) {
      return String.valueOf(peer);
    }
    InetAddress address = socket.getAddress();
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      prefix.append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF)).append(':');
    }
    return prefix.append(":/64").toString();
  }

  /** Lines logged and held back in the current window. */
  private static final class Window {
    long start;
    int logged;
    long held;

    Window(long start) {
      this.start = start;
    }

    /** Starts a new window when this one is over; returns what it held back, to be reported. */
    long roll(long now) {
      if (now - start < WINDOW_NANOS) {
        return 0;
      }
      long report = held;
      start = now;
      logged = 0;
      held = 0;
      return report;
    }
  }
}
