package io.captiond.api;

import io.captiond.session.StreamRegistry;
import io.captiond.viewers.ViewerAccess;
import io.captiond.viewers.ViewerPolicy;
import io.captiond.viewers.ViewerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Each stream's {@link ViewerAccess} (policy and token secret), read from the stream folders at start and written
 * there before any change is answered. A stream kept from before viewer policies has the configured default and a
 * secret made when first needed. Used only on the API verticle's event loop.
 */
final class StreamViewers {

  private static final Logger LOG = Logger.getLogger(StreamViewers.class.getName());

  private final Vertx vertx;
  private final StreamRegistry registry;
  private final ViewerSettings settings;
  private final Map<String, ViewerAccess> access = new HashMap<>();

  StreamViewers(Vertx vertx, StreamRegistry registry, ViewerSettings settings) {
    this.vertx = vertx;
    this.registry = registry;
    this.settings = settings;
    registry.whenOver((id, why) -> {
      if (why.equals("deleted")) {
        access.remove(id);
      }
    });
  }

  ViewerSettings settings() {
    return settings;
  }

  /** Loads the access of the streams the registry knows (after its own start). */
  Future<Void> load() {
    List<String> ids = registry.list().stream().map(record -> record.id()).toList();
    return vertx.executeBlocking(() -> {
      Map<String, ViewerAccess> loaded = new HashMap<>();
      for (String id : ids) {
        try {
          ViewerAccess stored = ViewerAccess.load(registry.streamDir(id));
          if (stored != null) {
            loaded.put(id, stored);
          }
        } catch (java.io.IOException | RuntimeException e) {
          // refuse rather than open: a stream whose access cannot be read takes tokens, and none verifies
          LOG.warning(() -> "stream " + id + ": unreadable " + ViewerAccess.FILE + " (" + e.getMessage()
              + "); its viewers need a token until its secret is rotated");
          loaded.put(id, ViewerAccess.fresh(ViewerPolicy.TOKEN));
        }
      }
      return loaded;
    }, false).map(loaded -> {
      access.putAll(loaded);
      return null;
    });
  }

  ViewerPolicy policy(String id) {
    ViewerAccess known = access.get(id);
    return known == null ? settings.defaultPolicy() : known.policy();
  }

  /** The secret tokens of {@code id} are checked against; {@code null} when none was made yet (none verifies). */
  byte[] secret(String id) {
    ViewerAccess known = access.get(id);
    return known == null ? null : known.secret();
  }

  /** Sets the stream's policy (a new stream, or a PATCH), keeping its secret; written before it applies. */
  Future<ViewerAccess> setPolicy(String id, ViewerPolicy policy) {
    ViewerAccess known = access.get(id);
    return store(id, known == null ? ViewerAccess.fresh(policy) : known.withPolicy(policy));
  }

  /** The stream's access with a secret, made and written now if it had none. */
  Future<ViewerAccess> withSecret(String id) {
    ViewerAccess known = access.get(id);
    return known != null ? Future.succeededFuture(known) : store(id, ViewerAccess.fresh(policy(id)));
  }

  /** Replaces the secret: every viewer token minted for the stream so far is refused from now on. */
  Future<ViewerAccess> rotate(String id) {
    ViewerAccess known = access.get(id);
    return store(id, known == null ? ViewerAccess.fresh(policy(id)) : known.rotated());
  }

  private Future<ViewerAccess> store(String id, ViewerAccess next) {
    java.nio.file.Path dir = registry.streamDir(id);
    return vertx.executeBlocking(() -> {
      next.save(dir);
      return next;
    }, false).map(saved -> {
      if (registry.get(id).isPresent()) { // deleted meanwhile: nothing to keep
        access.put(id, saved);
      }
      return saved;
    });
  }
}
