package io.captiond.app;

import io.captiond.files.OwnerOnly;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The API bearer token: {@code api.token} when set (at least {@link #MIN_LENGTH} characters, checked
 * by {@link NodeSettings}); otherwise the one generated at first start and kept in
 * {@code <data.dir>/api-token}, created readable by the owner only, and printed once when made.
 */
final class ApiToken {

  /** Characters a token needs at least: 32 hex characters carry 128 bits. */
  static final int MIN_LENGTH = 32;
  static final String FILE_NAME = "api-token";
  private static final int GENERATED_BYTES = 24;

  private ApiToken() {}

  static String resolve(String configured, Path dataDir) throws IOException {
    return resolve(configured, dataDir, System.out);
  }

  /** @param console where a newly generated token is announced, once */
  static String resolve(String configured, Path dataDir, PrintStream console) throws IOException {
    if (!configured.isBlank()) {
      return configured.strip();
    }
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (kept.length() < MIN_LENGTH) {
        throw new ConfigException(NodeSettings.API_TOKEN, file + " holds a token of " + kept.length()
            + " characters; at least " + MIN_LENGTH + " are needed (delete the file to have one generated)");
      }
      return kept;
    }
    byte[] bytes = new byte[GENERATED_BYTES];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    OwnerOnly.createDirectories(dataDir);
    OwnerOnly.createFile(file, token + "\n");
    announce(console, token, file);
    return token;
  }

  private static void announce(PrintStream console, String token, Path file) {
    String rule = "captiond: " + "=".repeat(72);
    console.println(rule);
    console.println("captiond: generated the API token (printed this once; kept, owner-only, in " + file + "):");
    console.println("captiond:");
    console.println("captiond:     " + token);
    console.println("captiond:");
    console.println("captiond: send it as  Authorization: Bearer <token>  to /api/* and /metrics");
    console.println(rule);
    console.flush();
  }
}
