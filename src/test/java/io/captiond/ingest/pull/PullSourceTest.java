package io.captiond.ingest.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.SourceSpec;
import io.captiond.testing.Fixtures;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pull sources through real FFmpeg against a local HTTP server: what is read, what is refused. */
class PullSourceTest {

  private HttpServer http;
  private String base;
  private final AtomicInteger segmentRequests = new AtomicInteger();
  private final Timer timer = Timer.builder("t").register(new SimpleMeterRegistry());

  @BeforeEach
  void serve() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] wav = Files.readAllBytes(Fixtures.jfkWav());
    http.createContext("/jfk.wav", ex -> {
      ex.getResponseHeaders().add("Content-Type", "audio/wav");
      ex.sendResponseHeaders(200, wav.length);
      ex.getResponseBody().write(wav);
      ex.close();
    });
    http.createContext("/elsewhere", ex -> {
      ex.getResponseHeaders().add("Location", "http://localhost:" + http.getAddress().getPort() + "/jfk.wav");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    http.createContext("/hop", ex -> {
      ex.getResponseHeaders().add("Location", "/jfk.wav");
      ex.sendResponseHeaders(301, -1);
      ex.close();
    });
    http.createContext("/list.m3u8", ex -> {
      byte[] body = ("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://localhost:"
          + http.getAddress().getPort() + "/segment.ts\n#EXT-X-ENDLIST\n").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/vnd.apple.mpegurl");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    http.createContext("/segment.ts", ex -> {
      segmentRequests.incrementAndGet();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    http.start();
    base = "http://127.0.0.1:" + http.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private static PullSettings settings() {
    return new PullSettings(Set.of("http", "https"), 100, 5_000, 50, List.of("127.0.0.1"), List.of());
  }

  private IngestEvent pull(String url, AtomicInteger chunks) {
    return new PullSource("s", new SourceSpec(SourceSpec.Type.PULL, url, false), settings(),
        chunk -> chunks.incrementAndGet(), timer).run();
  }

  @Test
  void anAllowedHostIsReadAlsoThroughACheckedRedirect() {
    AtomicInteger chunks = new AtomicInteger();
    IngestEvent event = pull(base + "/hop", chunks);
    assertEquals(IngestEvent.Kind.ENDED, event.kind(), event.reason());
    assertTrue(chunks.get() > 50, chunks + " chunks");
  }

  @Test
  void aRedirectToAHostOutsideTheListIsRefused() {
    IngestEvent event = pull(base + "/elsewhere", new AtomicInteger());
    assertEquals(IngestEvent.Kind.FAILED, event.kind());
    assertTrue(event.reason().contains("'localhost' is not in pull.allowed_hosts"), event.reason());
  }

  @Test
  void aPlaylistNamingOtherHostsIsNotFollowed() {
    IngestEvent event = pull(base + "/list.m3u8", new AtomicInteger());
    assertEquals(IngestEvent.Kind.FAILED, event.kind());
    assertEquals(0, segmentRequests.get(), "FFmpeg fetched a playlist entry");
  }

  @Test
  void bypassFormsNeverReachFfmpeg() {
    for (String url : List.of("concat:" + Fixtures.jfkWav() + "|" + Fixtures.jfkWav(),
        "tcp://127.0.0.1:" + http.getAddress().getPort() + "/x|", "subfile,,0,100,:" + Fixtures.jfkWav())) {
      IngestEvent event = pull(url, new AtomicInteger());
      assertEquals(IngestEvent.Kind.FAILED, event.kind(), url);
      assertTrue(event.reason().contains("not a valid URL"), event.reason());
    }
  }

  @Test
  void aReasonSaysNothingFfmpegSaidAndNoCredentials() {
    IngestEvent closed = pull("http://user:secret@127.0.0.1:1/x.flv?token=abc", new AtomicInteger());
    assertEquals(IngestEvent.Kind.FAILED, closed.kind());
    for (String leak : List.of("secret", "abc", "refused", "error", "avformat", "-111")) {
      assertFalse(closed.reason().toLowerCase().contains(leak), leak + " in " + closed.reason());
    }
    assertTrue(closed.reason().contains("http://***@127.0.0.1:1/x.flv?token=***"), closed.reason());
  }
}
