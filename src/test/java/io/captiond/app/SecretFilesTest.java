package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API token and the stream records (which hold publishing keys) are readable by their owner only. */
class SecretFilesTest {

  @TempDir
  Path dir;

  @Test
  void theGeneratedTokenIsKeptOwnerOnlyAndPrintedOnce() throws Exception {
    Path data = dir.resolve("fresh").resolve("data");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    String token = ApiToken.resolve("", data, new PrintStream(console, true, StandardCharsets.UTF_8));

    assertTrue(token.length() >= 32, token);
    Path file = data.resolve("api-token");
    assertEquals("rw-------", permissions(file));
    assertEquals("rwx------", permissions(data));
    assertEquals(token, Files.readString(file).strip());
    String printed = console.toString(StandardCharsets.UTF_8);
    assertEquals(1, printed.split(token, -1).length - 1, printed);
    assertTrue(printed.contains("Authorization: Bearer"), printed);

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertEquals(token, ApiToken.resolve("", data, new PrintStream(again, true, StandardCharsets.UTF_8)));
    assertEquals("", again.toString(StandardCharsets.UTF_8), "printed once, when made");
  }

  @Test
  void aConfiguredTokenShorterThan32CharactersIsRefusedNamingTheKey() {
    Config config = Config.defaults().with("api.token", "0123456789abcdef0123456789abcde");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeSettings.from(config));
    assertEquals("api.token", e.key(), e.getMessage());
    assertTrue(e.getMessage().contains("32"), e.getMessage());
    assertEquals(32, NodeSettings.from(Config.defaults().with("api.token", "0123456789abcdef0123456789abcdef"))
        .token().length());
  }

  @Test
  void aKeptTokenFileTooShortToBeSafeIsRefusedNamingTheKey() throws Exception {
    Files.writeString(dir.resolve("api-token"), "short\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ApiToken.resolve("", dir));
    assertEquals("api.token", e.key(), e.getMessage());
  }

  @Test
  void streamRecordsHoldingKeysAreOwnerOnlyInOwnerOnlyFolders() throws Exception {
    Path data = dir.resolve("data");
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of()))) {
      String id = server.api().createRtmp("keyed").getString("id");
      Path record = data.resolve("streams").resolve(id).resolve("stream.json");
      assertTrue(Files.readString(record).contains("\"key\""), "the record holds the key");
      assertEquals("rw-------", permissions(record));
      assertEquals("rwx------", permissions(record.getParent()));
      assertEquals("rwx------", permissions(data.resolve("streams")));
      assertEquals("rwx------", permissions(data));
    }
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
