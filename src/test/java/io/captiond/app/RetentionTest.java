package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.session.Retention;
import io.captiond.settings.SettingException;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.captiond.testing.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data.retention}: an ended stream goes, folder and entry, after its time; a live one stays. */
class RetentionTest {

  @TempDir
  Path data;

  @Test
  void anEndedStreamIsRemovedAfterTheRetentionWhileALiveOneIsKept() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of(Retention.KEY, "2s")))) {
      ApiClient api = server.api();
      String live = api.createPull("live", Fixtures.jfkWav().toString(), true).getString("id");
      Path silence = data.resolve("silence.wav");
      WavFile.write16kMono(silence, new short[16_000]); // a second with nothing to decode: it ends at once
      String done = api.createPull("done", silence.toString(), false).getString("id");
      api.awaitState(done, "ended", Duration.ofSeconds(30));
      assertTrue(Files.isDirectory(data.resolve("streams").resolve(done)), "kept until its time is up");

      // The registry forgets the stream first, then stops its session and deletes its folder (a blocking task).
      Path doneDir = data.resolve("streams").resolve(done);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((api.get("/api/streams/" + done).status() != 404 || Files.exists(doneDir))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(404, api.get("/api/streams/" + done).status(), "the ended stream is gone from the API");
      assertFalse(Files.exists(doneDir), "and from the disk");
      assertEquals("live", api.get("/api/streams/" + live).json().getString("state"), "the live one stays");
      assertTrue(Files.isDirectory(data.resolve("streams").resolve(live)));
    }
  }

  @Test
  void retentionIsZeroForeverOrAWholeNumberWithAUnit() {
    assertTrue(Retention.parse("0").forever());
    assertEquals(Duration.ofDays(7), Retention.parse("7d").keep());
    assertEquals(Duration.ofSeconds(90), Retention.parse("90s").keep());
    assertTrue(Retention.parse(Config.defaults().string(Retention.KEY)).forever(), "kept forever by default");
    assertThrows(SettingException.class, () -> Retention.parse("a week"));
    assertThrows(SettingException.class, () -> Retention.parse("-1h"));
  }
}
