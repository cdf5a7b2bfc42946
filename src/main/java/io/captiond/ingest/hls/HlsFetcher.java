package io.captiond.ingest.hls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Fetches playlists and segments over HTTP with the JDK's client, blocking its caller. Every request
 * and every redirect hop is checked against {@link HlsSettings#refusal} before it is sent (redirects are
 * followed here, not by the client, for that reason). A body is read with a limit, and aborted as
 * soon as it passes it, and with a deadline covering the whole fetch.
 */
public final class HlsFetcher {

  private static final Logger LOG = Logger.getLogger(HlsFetcher.class.getName());
  private static final int MAX_REDIRECTS = 5;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "hls-fetch-watchdog");
    thread.setDaemon(true);
    return thread;
  });

  // One client for every stream: each JDK client keeps a selector thread of its own. The per-request
  // timeout bounds connecting too; redirects are never followed by the client.
  private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private final HlsSettings config;
  private final HttpClient client = CLIENT;

  public HlsFetcher(HlsSettings config) {
    this.config = config;
  }

  /** Fetches with up to {@code hls.retries} further attempts when the failure may pass. */
  public byte[] fetchWithRetries(URI uri, long maxBytes, String what) throws HlsFetchException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return fetch(uri, maxBytes, what);
      } catch (HlsFetchException e) {
        if (!e.kind().retryable || attempt >= config.retries()) {
          throw e;
        }
        LOG.fine(() -> "retrying " + uri + ": " + e.getMessage());
        Thread.sleep(200L * (attempt + 1));
      }
    }
  }

  /** One fetch: at most {@code maxBytes} of body, redirects checked hop by hop. */
  public byte[] fetch(URI uri, long maxBytes, String what) throws HlsFetchException, InterruptedException {
    long deadline = System.nanoTime() + config.segmentTimeoutMs() * 1_000_000;
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      String refusal = config.refusal(current);
      if (refusal != null) {
        throw new HlsFetchException(HlsFetchException.Kind.REFUSED,
            (hop > 0 ? what + " " + uri + " redirects to a refused URL: " : "") + refusal);
      }
      HttpResponse<InputStream> response = send(current, deadline, what);
      int status = response.statusCode();
      if (status >= 300 && status < 400 && status != 304) {
        String location = response.headers().firstValue("Location").orElse(null);
        close(response.body());
        if (location == null) {
          throw new HlsFetchException(HlsFetchException.Kind.STATUS, what + " " + current + ": HTTP " + status
              + " without Location");
        }
        try {
          current = current.resolve(new URI(location.strip()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
          throw new HlsFetchException(HlsFetchException.Kind.STATUS, what + " " + current
              + ": redirect to a bad URL '" + location + "'");
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        close(response.body());
        throw new HlsFetchException(HlsFetchException.Kind.STATUS, what + " " + current + ": HTTP " + status);
      }
      return read(response, current, maxBytes, deadline, what);
    }
    throw new HlsFetchException(HlsFetchException.Kind.STATUS, what + " " + uri + ": more than "
        + MAX_REDIRECTS + " redirects");
  }

  private HttpResponse<InputStream> send(URI uri, long deadline, String what)
      throws HlsFetchException, InterruptedException {
    long left = remainingMs(deadline, uri, what);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(left))
        .header("User-Agent", "captiond-hls").GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new HlsFetchException(HlsFetchException.Kind.TIMEOUT, what + " " + uri + ": no answer within "
          + config.segmentTimeoutMs() + " ms (hls.segment_timeout_ms)");
    } catch (IOException e) {
      throw new HlsFetchException(HlsFetchException.Kind.NETWORK, what + " " + uri + ": " + e);
    }
  }

  private byte[] read(HttpResponse<InputStream> response, URI uri, long maxBytes, long deadline, String what)
      throws HlsFetchException {
    InputStream body = response.body();
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > maxBytes) {
      close(body);
      throw tooLarge(uri, maxBytes, what, "Content-Length " + declared);
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    // A stalled body blocks read(): the watchdog closes the stream at the deadline, which unblocks it.
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      timedOut.set(true);
      close(body);
    }, remainingMs(deadline, uri, what), TimeUnit.MILLISECONDS);
    try (body) {
      // A declared length is a hint, not a promise: grow as bytes arrive rather than trust it up front.
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 8 * 1024), 1 << 20));
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = body.read(buffer)) >= 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(uri, maxBytes, what, "aborted after " + total + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (HlsFetchException e) {
      throw e;
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new HlsFetchException(HlsFetchException.Kind.TIMEOUT, what + " " + uri + ": not complete within "
            + config.segmentTimeoutMs() + " ms (hls.segment_timeout_ms)");
      }
      throw new HlsFetchException(HlsFetchException.Kind.NETWORK, what + " " + uri + ": " + e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private long remainingMs(long deadline, URI uri, String what) throws HlsFetchException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new HlsFetchException(HlsFetchException.Kind.TIMEOUT, what + " " + uri + ": not complete within "
          + config.segmentTimeoutMs() + " ms (hls.segment_timeout_ms)");
    }
    return left;
  }

  private static HlsFetchException tooLarge(URI uri, long maxBytes, String what, String how) {
    String key = what.equals("playlist") ? "hls.playlist_max_bytes" : "hls.segment_max_bytes";
    return new HlsFetchException(HlsFetchException.Kind.TOO_LARGE, what + " " + uri
        + " is larger than the limit of " + maxBytes + " bytes (" + key + "; " + how + ")");
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // closing to abort: nothing more to do
    }
  }
}
