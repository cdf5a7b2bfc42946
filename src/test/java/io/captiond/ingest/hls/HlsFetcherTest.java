package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real local HTTP server: host checks, redirects, limits, timeouts, retries. */
class HlsFetcherTest {

  private HlsOrigin origin;

  @BeforeEach
  void startOrigin() throws Exception {
    origin = HlsOrigin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  private static HlsSettings config(long timeoutMs, int retries) {
    return new HlsSettings(List.of("127.0.0.1"), 1 << 20, 100, 1 << 20, timeoutMs, retries, 3);
  }

  @Test
  void fetchesABodyFromAnAllowedHost() throws Exception {
    origin.text("/a.m3u8", "#EXTM3U\n");
    byte[] body = new HlsFetcher(config(5_000, 0)).fetch(URI.create(origin.url("/a.m3u8")), 100, "playlist");
    assertArrayEquals("#EXTM3U\n".getBytes(), body);
  }

  @Test
  void refusesAHostNotAllowedWithoutConnecting() {
    origin.text("/a.m3u8", "#EXTM3U\n");
    URI viaName = URI.create("http://localhost:" + origin.port() + "/a.m3u8");
    HlsFetchException e = assertThrows(HlsFetchException.class,
        () -> new HlsFetcher(config(5_000, 2)).fetchWithRetries(viaName, 100, "playlist"));
    assertEquals(HlsFetchException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains("'localhost'"), e.getMessage());
    assertEquals(0, origin.requests.get(), "refused before any request, and not retried");
  }

  @Test
  void refusesEveryHostWhenTheListIsEmptyAndSaysWhatToConfigure() {
    HlsSettings none = new HlsSettings(List.of(), 1 << 20, 100, 1 << 20, 1_000, 0, 3);
    String refusal = none.refusal(URI.create(origin.url("/a.m3u8")));
    assertTrue(refusal.contains("hls.allowed_hosts"), refusal);
    assertNotNull(config(1, 0).refusal(URI.create("ftp://127.0.0.1/a.m3u8")));
    assertNull(config(1, 0).refusal(URI.create("https://127.0.0.1/a.m3u8")));
    HlsSettings wildcard = new HlsSettings(List.of("*.cdn.test"), 1 << 20, 100, 1 << 20, 1_000, 0, 3);
    assertNull(wildcard.refusal(URI.create("http://edge1.cdn.test/a.m3u8")));
    assertNotNull(wildcard.refusal(URI.create("http://evilcdn.test/a.m3u8")));
    assertNotNull(wildcard.refusal(URI.create("http://cdn.test.evil.test/a.m3u8")));
  }

  @Test
  void followsARedirectToAnAllowedHost() throws Exception {
    origin.text("/b.m3u8", "#EXTM3U\n").redirect("/a.m3u8", "/b.m3u8");
    byte[] body = new HlsFetcher(config(5_000, 0)).fetch(URI.create(origin.url("/a.m3u8")), 100, "playlist");
    assertArrayEquals("#EXTM3U\n".getBytes(), body);
  }

  @Test
  void refusesARedirectToAHostNotAllowedNamingIt() {
    origin.text("/b.m3u8", "#EXTM3U\n")
        .redirect("/a.m3u8", "http://localhost:" + origin.port() + "/b.m3u8");
    HlsFetchException e = assertThrows(HlsFetchException.class,
        () -> new HlsFetcher(config(5_000, 2)).fetchWithRetries(URI.create(origin.url("/a.m3u8")), 100, "playlist"));
    assertEquals(HlsFetchException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains("redirects") && e.getMessage().contains("'localhost'"), e.getMessage());
    assertEquals(1, origin.requests.get(), "the redirect target was never requested");
  }

  @Test
  void abortsAnEndlessBodyAtTheLimitWithoutBufferingIt() {
    origin.endless("/huge.ts");
    long limit = 1 << 20;
    long began = System.nanoTime();
    HlsFetchException e = assertThrows(HlsFetchException.class,
        () -> new HlsFetcher(config(10_000, 2)).fetchWithRetries(URI.create(origin.url("/huge.ts")), limit, "segment"));
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    assertEquals(HlsFetchException.Kind.TOO_LARGE, e.kind());
    assertTrue(e.getMessage().contains("hls.segment_max_bytes"), e.getMessage());
    assertEquals(1, origin.requests.get(), "not retried");
    assertTrue(tookMs < 5_000, "aborted promptly, took " + tookMs + " ms");
    // what the origin managed to write: the limit plus what sat in socket and client buffers
    assertTrue(origin.endlessBytes.get() < limit + (16 << 20), "origin wrote " + origin.endlessBytes.get());
  }

  @Test
  void refusesADeclaredContentLengthOverTheLimitBeforeReading() {
    origin.bytes("/big.ts", new byte[4096]);
    HlsFetchException e = assertThrows(HlsFetchException.class,
        () -> new HlsFetcher(config(5_000, 0)).fetch(URI.create(origin.url("/big.ts")), 1000, "segment"));
    assertEquals(HlsFetchException.Kind.TOO_LARGE, e.kind());
    assertTrue(e.getMessage().contains("Content-Length 4096"), e.getMessage());
  }

  @Test
  void timesOutAStalledBody() {
    origin.stall("/stall.ts", 10_000);
    long began = System.nanoTime();
    HlsFetchException e = assertThrows(HlsFetchException.class,
        () -> new HlsFetcher(config(500, 0)).fetch(URI.create(origin.url("/stall.ts")), 1 << 20, "segment"));
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    assertEquals(HlsFetchException.Kind.TIMEOUT, e.kind(), e.getMessage());
    assertTrue(tookMs < 3_000, "gave up after about the timeout, took " + tookMs + " ms");
  }

  @Test
  void retriesServerErrorsAndThenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    origin.route("/flaky.ts", exchange -> {
      if (calls.incrementAndGet() <= 2) {
        HlsOrigin.send(exchange, 503, new byte[0]);
      } else {
        HlsOrigin.send(exchange, 200, new byte[] {1, 2, 3});
      }
    });
    byte[] body = new HlsFetcher(config(5_000, 2)).fetchWithRetries(URI.create(origin.url("/flaky.ts")), 100, "segment");
    assertArrayEquals(new byte[] {1, 2, 3}, body);
    assertEquals(3, calls.get());
  }

  @Test
  void givesUpAfterTheRetriesWithTheStatus() {
    origin.status("/gone.ts", 404);
    HlsFetchException e = assertThrows(HlsFetchException.class,
        () -> new HlsFetcher(config(5_000, 1)).fetchWithRetries(URI.create(origin.url("/gone.ts")), 100, "segment"));
    assertEquals(HlsFetchException.Kind.STATUS, e.kind());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(2, origin.requests.get());
  }
}
