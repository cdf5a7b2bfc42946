package io.captiond.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code GET /health} every 250 ms on a fresh connection, timed; a failure or timeout counts as 10 s. */
final class HealthProbe implements AutoCloseable {

  private final URI health;
  private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean stopped;
  private volatile int failures;

  HealthProbe(String base) {
    this.health = URI.create(base + "/health");
    this.thread = new Thread(this::loop, "health-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stopped) {
      long start = System.nanoTime();
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          failures++;
        }
        millis.add((System.nanoTime() - start) / 1_000_000);
      } catch (Exception e) {
        failures++;
        millis.add(10_000L);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  List<Long> millis() {
    synchronized (millis) {
      return new ArrayList<>(millis);
    }
  }

  int failures() {
    return failures;
  }

  static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
