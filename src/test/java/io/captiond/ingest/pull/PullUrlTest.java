package io.captiond.ingest.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a pull URL may be: FFmpeg's own URL forms refused, hosts and folders allowed by list. */
class PullUrlTest {

  @TempDir
  Path dir;

  private PullSettings network() {
    return new PullSettings(Set.of("http", "https", "rtmp", "rtsp", "srt"), 100, 10_000, 50,
        List.of("media.example.com", "*.cdn.example.net", "10.0.0.5"), List.of());
  }

  private PullSettings withFiles() {
    return network().allowingFilesIn(List.of(dir));
  }

  private static String refusal(String url, PullSettings settings) {
    return assertThrows(PullRefusedException.class, () -> PullUrl.parse(url, settings)).getMessage();
  }

  @Test
  void ffmpegsOwnUrlFormsAreRefusedNeverTakenForAPath() {
    for (String bypass : List.of("concat:/etc/passwd|/etc/hosts", "tcp://10.0.0.5:6379/x|",
        "subfile,,0,100,:/etc/passwd", "concat:" + dir + "/a.wav|" + dir + "/b.wav")) {
      String reason = refusal(bypass, withFiles());
      assertTrue(reason.contains("not a valid URL"), bypass + ": " + reason);
    }
  }

  @Test
  void schemesOutsideTheListAreRefusedNamingTheKey() {
    for (String url : List.of("concat:/etc/passwd", "crypto+file:///etc/passwd", "gopher://media.example.com/x",
        "data:audio/wav;base64,AAAA", "hls+http://media.example.com/a.m3u8")) {
      String reason = refusal(url, withFiles());
      assertTrue(reason.contains("pull.allowed_schemes"), url + ": " + reason);
    }
  }

  @Test
  void localFilesAreOffByDefault() {
    String reason = refusal("/etc/passwd", network());
    assertTrue(reason.contains("local files are not allowed"), reason);
    assertTrue(refusal("file:///etc/passwd", PullSettings.defaults()).contains("pull.allowed_schemes"));
  }

  @Test
  void filesOutsideTheAllowedFoldersAreRefusedAlsoThroughLinksAndDots() throws Exception {
    Path inside = Files.writeString(dir.resolve("a.wav"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("escape.wav"), Path.of("/etc/passwd"));
    assertEquals("file:" + inside.toRealPath(), PullUrl.parse(inside.toString(), withFiles()).ffmpegUrl());
    assertEquals("file:" + inside.toRealPath(), PullUrl.parse("file://" + inside, withFiles()).ffmpegUrl());
    assertTrue(refusal("/etc/passwd", withFiles()).contains("pull.allowed_dirs"));
    assertTrue(refusal(dir + "/../../etc/passwd", withFiles()).contains("pull.allowed_dirs"));
    assertTrue(refusal(link.toString(), withFiles()).contains("pull.allowed_dirs"));
    assertTrue(refusal("file:concat:/etc/passwd", withFiles()).contains("not a plain file:/path URL"));
  }

  @Test
  void fileNeedsAllowedFolders() {
    assertThrows(RuntimeException.class, () -> new PullSettings(Set.of("file"), 100, 10_000, 50));
  }

  @Test
  void networkHostsMustBeListed() {
    assertNull(network().refusal("rtmp://media.example.com/live/key"));
    assertNull(network().refusal("https://edge7.cdn.example.net/a.flv"));
    assertNull(network().refusal("srt://10.0.0.5:9000"));
    assertTrue(network().refusal("http://10.0.0.6:6379/").contains("'10.0.0.6' is not in pull.allowed_hosts"));
    assertTrue(network().refusal("http://cdn.example.net.evil.org/").contains("pull.allowed_hosts"));
    assertTrue(PullSettings.defaults().refusal("http://media.example.com/a.flv")
        .contains("pull.allowed_hosts is empty"));
  }

  @Test
  void ffmpegIsKeptToTheUrlsProtocolsAndToMediaFormats() throws Exception {
    PullUrl http = PullUrl.parse("http://media.example.com/a.flv", network());
    assertEquals("http,https,tcp,tls", http.ffmpegOptions().get("protocol_whitelist"));
    assertFalse(http.ffmpegOptions().get("format_whitelist").contains("hls"));
    assertEquals("0", http.ffmpegOptions().get("max_redirects"));
    Path inside = Files.writeString(dir.resolve("b.wav"), "x");
    PullUrl file = PullUrl.parse(inside.toString(), withFiles());
    assertEquals("file", file.ffmpegOptions().get("protocol_whitelist"));
  }

  @Test
  void credentialsAndQueryValuesAreRedacted() {
    assertEquals("rtmp://***@media.example.com/live/key?token=***&expires=***",
        PullUrl.redacted("rtmp://user:secret@media.example.com/live/key?token=abc&expires=99"));
    assertEquals("/data/a.wav", PullUrl.redacted("/data/a.wav"));
    String reason = network().refusal("http://user:secret@evil.org/x?sig=abc");
    assertFalse(reason.contains("secret") || reason.contains("abc"), reason);
  }
}
