package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when an RTMP publisher leaves, with real ffmpeg publishers, VAD and pocketsphinx: its
 * last words are confirmed at once, not after the reconnect grace; what it sent ahead of real time
 * is decoded at full speed; and the stream ends within seconds of the grace running out.
 */
class PublisherDepartureTest {

  private static final long GRACE_MS = 5_000;

  @TempDir
  Path data;

  @Test
  void aPublisherThatStopsMidSentenceHasItsLastWordsConfirmedAtOnceAndTheStreamEndsSoonAfterTheGrace()
      throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", (int) GRACE_MS)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("leaves mid-sentence");
      String id = created.getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      long leftAt;
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, true, created.getString("publish"))) {
        api.awaitState(id, "live", Duration.ofSeconds(15));
        Thread.sleep(6_000); // "ask not what your country can do for you": cut inside it
        ffmpeg.kill();
        leftAt = System.nanoTime();
      }
      int eventsBefore = viewer.events().size();
      boolean openWhenLeft = hasOpenTentative(viewer.events());

      double confirmedAfter = await(() -> !hasOpenTentative(viewer.events())
          && viewer.events().subList(eventsBefore, viewer.events().size()).stream()
              .anyMatch(e -> "final".equals(e.getString("type"))), leftAt, 10);
      String stateThen = api.get("/api/streams/" + id).json().getString("state");
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(40));
      double endedAfter = (System.nanoTime() - leftAt) / 1e9;
      List<JsonObject> finals = viewer.finals();
      viewer.close();
      System.out.printf("publisher left mid-sentence (tentative words open then: %s): last words confirmed %.1f s"
          + " after it left, ended %.1f s after (grace %.1f s); finals %s%n", openWhenLeft, confirmedAfter, endedAfter,
          GRACE_MS / 1e3, finals);

      assertTrue(confirmedAfter <= 3.0, "last words confirmed " + confirmedAfter + " s after the publisher left");
      assertEquals("live", stateThen, "confirmed within the grace, while the publisher may still come back");
      assertEquals("publisher left", ended.getString("reason"));
      assertTrue(endedAfter <= GRACE_MS / 1e3 + 3.0, "ended " + endedAfter + " s after the publisher left");
      assertEquals(finals.size(), ended.getJsonObject("stats").getLong("captions").longValue(),
          "no final after the end");
    }
  }

  @Test
  void audioSentAheadOfRealTimeIsDecodedAtFullSpeedOnceThePublisherLeaves() throws Exception {
    // The clip, then half a minute of silence, sent as fast as the connection takes it: nearly all of it
    // is still buffered when the publisher leaves. Silence costs the recognizer nothing, so how soon the
    // stream ends shows whether the buffered audio was played out in real time or decoded at once.
    double silenceSeconds = 30;
    double seconds = 11.0 + silenceSeconds;
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", (int) GRACE_MS)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("burst");
      String id = created.getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
          "-i", Fixtures.jfkWav().toString(), "-f", "lavfi", "-t", Double.toString(silenceSeconds),
          "-i", "anullsrc=r=16000:cl=mono", "-filter_complex", "[0:a][1:a]concat=n=2:v=0:a=1",
          "-c:a", "aac", "-b:a", "64k", "-f", "flv", created.getString("publish"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long leftAt;
      try {
        assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS), "ffmpeg sends it all at once");
        assertEquals(0, ffmpeg.exitValue());
        leftAt = System.nanoTime();
      } finally {
        ffmpeg.destroyForcibly();
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(90));
      double endedAfter = (System.nanoTime() - leftAt) / 1e9;
      JsonObject stats = ended.getJsonObject("stats");
      List<JsonObject> finals = viewer.awaitFinals((int) stats.getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      System.out.printf("%.0f s of audio sent at once: ended %.1f s after the publisher left (grace %.1f s);"
          + " finals %s; stats %s%n", seconds, endedAfter, GRACE_MS / 1e3, finals, stats.encode());

      assertEquals("publisher left", ended.getString("reason"));
      assertTrue(Math.abs(stats.getDouble("audioSeconds") - seconds) <= 1.5, "all the audio: " + stats);
      assertTrue(finals.size() >= 2, "the clip is captioned: " + finals);
      // Paced to real time, the audio beyond the five seconds let through at once would take 36 s.
      assertTrue(endedAfter <= GRACE_MS / 1e3 + 6.0, "ended " + endedAfter + " s after the publisher left");
    }
  }

  /** Whether the last tentative caption shown still has words in it (none shown counts as none open). */
  private static boolean hasOpenTentative(List<JsonObject> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if ("partial".equals(events.get(i).getString("type"))) {
        return !events.get(i).getString("text").isBlank();
      }
    }
    return false;
  }

  /** Seconds from {@code since} until {@code done} holds; fails after {@code timeoutSeconds}. */
  private static double await(BooleanSupplier done, long since, long timeoutSeconds) throws InterruptedException {
    long deadline = since + timeoutSeconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeoutSeconds + " s");
      }
      Thread.sleep(50);
    }
    return (System.nanoTime() - since) / 1e9;
  }
}
