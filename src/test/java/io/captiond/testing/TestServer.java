package io.captiond.testing;

import io.captiond.app.Captiond;
import io.captiond.app.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real captiond node for integration tests: free HTTP port, its own data folder, a known token. */
public final class TestServer implements AutoCloseable {

  public static final String TOKEN = "test-token-0123456789abcdefghijklmnop";

  private final Captiond node;
  private final ApiClient client;

  private TestServer(Captiond node) {
    this.node = node;
    this.client = new ApiClient("http://127.0.0.1:" + node.httpPort(), TOKEN);
  }

  /** Test defaults: HTTP and RTMP on free loopback ports, the fixture VAD model, the given data dir; {@code overrides} win. */
  public static Config config(Path dataDir, Map<String, Object> overrides) {
    Config config = Config.defaults()
        .with("http.port", 0)
        .with("http.host", "127.0.0.1")
        .with("rtmp.port", 0)
        .with("rtmp.host", "127.0.0.1")
        .with("data.dir", dataDir.toString())
        .with("api.token", TOKEN)
        .with("vad.model", Fixtures.sileroVad().toString())
        // tests pull their fixtures and the files they write to temporary folders
        .with("pull.allowed_schemes", List.of("file", "http", "https", "rtmp", "rtmps", "rtsp", "srt"))
        .with("pull.allowed_dirs", List.of(Path.of("src/test/data").toAbsolutePath().toString(),
            Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString(),
            Path.of("target").toAbsolutePath().toString()));
    for (Map.Entry<String, Object> entry : overrides.entrySet()) {
      config = config.with(entry.getKey(), entry.getValue());
    }
    return config;
  }

  public static TestServer start(Path dataDir) throws Exception {
    return start(config(dataDir, Map.of()));
  }

  public static TestServer start(Config config) throws Exception {
    return new TestServer(Captiond.start(config));
  }

  public ApiClient api() {
    return client;
  }

  /** The RTMP port the node bound. */
  public int rtmpPort() {
    return node.rtmpPort();
  }

  /** The RTMPS port the node bound; -1 when {@code tls.rtmps_port} runs none. */
  public int rtmpsPort() {
    return node.rtmpsPort();
  }

  public Captiond node() {
    return node;
  }

  @Override
  public void close() {
    node.close();
  }
}
