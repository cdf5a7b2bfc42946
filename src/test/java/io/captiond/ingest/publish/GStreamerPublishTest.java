package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher that is not FFmpeg: GStreamer's {@code rtmp2sink} (Debian's
 * gstreamer1.0-plugins-bad), which ends its publish with FCUnpublish and a deleteStream carrying
 * the stream name instead of a number. Its speech is captioned, the server lets it end the publish
 * itself (no protocol error), and gst-launch exits 0.
 */
class GStreamerPublishTest {

  private static final Path GST_LAUNCH = Path.of("/usr/bin/gst-launch-1.0");

  @TempDir
  Path data;

  @Test
  void rtmp2sinkPublishesSpeechThatIsCaptionedAndEndsItsPublishCleanly() throws Exception {
    assumeTrue(Files.isExecutable(GST_LAUNCH), "GStreamer (gstreamer1.0-tools) is not installed");
    List<String> serverClosings = new CopyOnWriteArrayList<>();
    Logger handlerLog = Logger.getLogger("io.captiond.ingest.rtmp.RtmpConnectionHandler");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        serverClosings.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handlerLog.addHandler(capture);
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", 1500)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("jfk from gstreamer");
      String id = created.getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      Path log = Files.createTempFile(data, "gst-launch", ".log");
      // rtmp2sink syncs on the pipeline clock (sync=true by default): the WAV goes out in real time.
      Process gst = new ProcessBuilder(GST_LAUNCH.toString(), "-e", "-q",
          "filesrc", "location=" + Fixtures.jfkWav(), "!", "wavparse", "!", "audioconvert", "!",
          "audioresample", "!", "audio/x-raw,rate=44100", "!", "avenc_aac", "!", "aacparse", "!",
          "flvmux", "streamable=true", "!", "rtmp2sink", "location=" + created.getString("publish"))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        api.awaitState(id, "live", Duration.ofSeconds(15));
        assertTrue(gst.waitFor(60, TimeUnit.SECONDS), "gst-launch did not finish in 60 s");
        assertEquals(0, gst.exitValue(), Files.readString(log));
      } finally {
        gst.destroyForcibly();
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      assertEquals("publisher left", ended.getString("reason"));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(Fixtures.jfkReference(), text);
      System.out.printf("jfk over GStreamer rtmp2sink: WER %.3f, %d finals: %s%n", wer,
          finals.size(), text);
      assertTrue(!finals.isEmpty(), "no captions arrived");
      assertTrue(wer <= 0.7, "WER " + wer + " for: " + text);
      assertEquals(List.of(), serverClosings.stream()
          .filter(m -> m.startsWith("closing RTMP connection")).toList(),
          "the publisher ends its own connection; the server closes nothing");
    } finally {
      handlerLog.removeHandler(capture);
    }
  }
}
