package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final RefusalLog refusals = new RefusalLog(now::get);
  private final Logger log = Logger.getLogger(RefusalLogTest.class.getName());
  private LogCapture capture;
  private List<String> lines;

  @BeforeEach
  void capture() {
    log.setUseParentHandlers(false);
    capture = LogCapture.of(RefusalLogTest.class);
    lines = capture.messages();
  }

  @AfterEach
  void release() {
    capture.close();
    log.setUseParentHandlers(true);
  }

  @Test
  void oneAddressGetsTenLinesAMinuteAndTheRestAreCountedAndReportedAfterwards() throws Exception {
    InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 40000);
    for (int i = 0; i < 50; i++) {
      refusals.log(log, Level.INFO, peer, () -> "refused");
    }
    assertEquals(RefusalLog.PER_ADDRESS, lines.size(), lines.toString());

    now.addAndGet(TimeUnit.SECONDS.toNanos(RefusalLog.WINDOW_SECONDS));
    refusals.log(log, Level.INFO, peer, () -> "refused again");
    assertEquals(RefusalLog.PER_ADDRESS + 2, lines.size(), lines.toString());
    assertTrue(lines.get(RefusalLog.PER_ADDRESS).startsWith("40 more lines about RTMP peers from 203.0.113.7"),
        lines.get(RefusalLog.PER_ADDRESS));
    assertEquals("refused again", lines.get(RefusalLog.PER_ADDRESS + 1));
  }

  @Test
  void manyAddressesTogetherGetAHundredLinesAMinute() throws Exception {
    for (int i = 0; i < 1000; i++) {
      InetAddress address = InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i});
      refusals.log(log, Level.WARNING, new InetSocketAddress(address, 1935), () -> "refused");
    }
    assertEquals(RefusalLog.TOTAL, lines.size());
    now.addAndGet(TimeUnit.SECONDS.toNanos(RefusalLog.WINDOW_SECONDS));
    refusals.log(log, Level.WARNING, new InetSocketAddress(InetAddress.getByName("10.9.9.9"), 1), () -> "later");
    assertTrue(lines.contains("900 more lines about RTMP peers were not logged in the last 60 s (at most 100 in all)"),
        lines.subList(RefusalLog.TOTAL, lines.size()).toString());
  }

  @Test
  void anIpv6SubscriberIsCountedPerSlash64() throws Exception {
    for (int i = 0; i < 40; i++) {
      InetAddress address = InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1));
      refusals.log(log, Level.INFO, new InetSocketAddress(address, 1935), () -> "refused");
    }
    assertEquals(RefusalLog.PER_ADDRESS, lines.size());
    refusals.log(log, Level.INFO, new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1), () -> "other");
    assertEquals("other", lines.get(lines.size() - 1));
    assertEquals("2001:db8:1:2::/64",
        RefusalLog.key(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 1)));
  }
}
