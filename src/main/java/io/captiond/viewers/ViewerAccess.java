package io.captiond.viewers;

import io.captiond.files.AtomicFiles;
import io.captiond.files.OwnerOnly;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One stream's viewer policy and the secret its viewer tokens are signed with, kept in {@code viewers.json} in the
 * stream's folder (deleted with it), created owner-only like the stream's key. Replacing the secret revokes every
 * token minted with the old one.
 */
public record ViewerAccess(ViewerPolicy policy, String secretHex) {

  public static final String FILE = "viewers.json";
  private static final SecureRandom RANDOM = new SecureRandom();

  public ViewerAccess {
    if (policy == null || secretHex == null || secretHex.length() < 64) {
      throw new IllegalArgumentException("a viewer policy and a secret of at least 32 bytes");
    }
  }

  /** A policy with a fresh random secret. */
  public static ViewerAccess fresh(ViewerPolicy policy) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new ViewerAccess(policy, HexFormat.of().formatHex(secret));
  }

  public ViewerAccess withPolicy(ViewerPolicy newPolicy) {
    return new ViewerAccess(newPolicy, secretHex);
  }

  /** The same policy with a new secret: every token minted before is refused from now on. */
  public ViewerAccess rotated() {
    return fresh(policy);
  }

  public byte[] secret() {
    return HexFormat.of().parseHex(secretHex);
  }

  /** Blocking: writes it owner-only into {@code streamDir} (which the stream's record created owner-only). */
  public void save(Path streamDir) throws IOException {
    OwnerOnly.createDirectories(streamDir);
    AtomicFiles.replaceOwnerOnly(streamDir.resolve(FILE),
        new JsonObject().put("viewers", policy.wireName()).put("secret", secretHex).encodePrettily());
  }

  /** Blocking: what {@code streamDir} holds, or {@code null} when it holds none (a stream from before policies). */
  public static ViewerAccess load(Path streamDir) throws IOException {
    Path file = streamDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonObject json = new JsonObject(Files.readString(file));
    return new ViewerAccess(ViewerPolicy.fromWire(json.getString("viewers")), json.getString("secret"));
  }
}
