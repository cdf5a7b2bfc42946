package io.captiond.ingest.pull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Follows an http(s) pull URL's redirects itself, checking every hop against
 * {@code pull.allowed_hosts} (as the HLS source does), so that FFmpeg is handed the final URL and
 * told to follow none. Blocking; runs on the source's thread.
 */
final class RedirectCheck {

  static final int MAX_REDIRECTS = 8;

  private RedirectCheck() {}

  /** The URL the redirects of {@code url} end at; a refused hop throws {@link PullRefusedException}. */
  static PullUrl follow(PullUrl url, PullSettings settings) throws InterruptedException {
    if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
      return url;
    }
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofMillis(settings.readTimeoutMs())).build();
    URI at = URI.create(url.ffmpegUrl());
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest request = HttpRequest.newBuilder(at).timeout(Duration.ofMillis(settings.readTimeoutMs()))
          .header("Range", "bytes=0-0").GET().build();
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
      } catch (IOException | IllegalArgumentException e) {
        // FFmpeg will say it cannot open the source; the reason given is FFmpeg-free either way
        return url.redirectedTo(at.toString());
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (response.statusCode() / 100 != 3 || location.isEmpty()) {
        return url.redirectedTo(at.toString());
      }
      URI next = at.resolve(location.get());
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || !settings.allowedSchemes().contains(scheme)) {
        throw new PullRefusedException("source " + url.shown() + " redirects to a " + scheme
            + " URL, which is not allowed");
      }
      PullUrl.checkHost(next, PullUrl.redacted(next.toString()), settings);
      at = next;
    }
    throw new PullRefusedException("source " + url.shown() + " redirects more than " + MAX_REDIRECTS + " times");
  }
}
