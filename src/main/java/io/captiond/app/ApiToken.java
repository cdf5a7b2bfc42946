package io.captiond.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The API bearer token: {@code api.token} when set; otherwise the one generated at first start and
 * kept in {@code <data.dir>/api-token} (readable by the owner only), printed once when made.
 */
final class ApiToken {

  private static final Logger LOG = Logger.getLogger(ApiToken.class.getName());

  private ApiToken() {}

  static String resolve(String configured, Path dataDir) throws IOException {
    if (!configured.isBlank()) {
      return configured.strip();
    }
    Path file = dataDir.resolve("api-token");
    if (Files.isRegularFile(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    Files.createDirectories(dataDir);
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.fine("file system without POSIX permissions; token file left as created");
    }
    System.out.println("captiond: generated API token (kept in " + file + "): " + token);
    return token;
  }
}
