package io.captiond.api;

import io.captiond.session.StreamRegistry;
import io.captiond.viewers.ViewerPolicy;
import io.captiond.viewers.ViewerToken;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * In front of everything a viewer reads of a stream (the caption feed, the subtitle files, {@code /hls/...}, the
 * player page and its status): a {@code public} stream lets anyone through; a {@code token} stream wants a viewer
 * token for that stream, as {@code ?token=} (browsers cannot give a WebSocket or a playlist's URIs a header) or as
 * {@code Authorization: Bearer}, or the admin token as a bearer token (never in a URL, which ends up in logs and
 * playlists). An unknown stream passes on to its handler, which answers 404.
 */
final class ViewerGate implements Handler<RoutingContext> {

  /** How the request was let in: {@link Admission}. */
  static final String ADMISSION = "captiond.viewer.admission";
  /** The viewer token that let it in, to carry on into the playlists served; absent otherwise. */
  static final String TOKEN = "captiond.viewer.token";
  static final String TOKEN_PARAM = "token";
  private static final String BEARER = "Bearer ";

  enum Admission { PUBLIC, VIEWER_TOKEN, ADMIN }

  private final StreamRegistry registry;
  private final StreamViewers viewers;
  private final byte[] adminToken;

  ViewerGate(StreamRegistry registry, StreamViewers viewers, String adminToken) {
    this.registry = registry;
    this.viewers = viewers;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || registry.get(id).isEmpty()) {
      ctx.next();
      return;
    }
    if (viewers.policy(id) == ViewerPolicy.PUBLIC) {
      ctx.put(ADMISSION, Admission.PUBLIC);
      ctx.next();
      return;
    }
    String bearer = bearer(ctx);
    if (bearer != null && MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8), adminToken)) {
      ctx.put(ADMISSION, Admission.ADMIN);
      ctx.next();
      return;
    }
    String token = ctx.request().getParam(TOKEN_PARAM);
    if (token == null) {
      token = bearer;
    }
    if (token == null) {
      refuse(ctx, "stream " + ApiErrors.shown(id) + " needs a viewer token: add ?token=<viewer token> "
          + "(POST /api/streams/" + ApiErrors.shown(id) + "/viewer-tokens mints one)");
      return;
    }
    byte[] secret = viewers.secret(id);
    ViewerToken.Verdict verdict = secret == null ? ViewerToken.Verdict.WRONG_SIGNATURE
        : ViewerToken.verify(secret, id, token, System.currentTimeMillis() / 1000);
    switch (verdict) {
      case VALID -> {
        ctx.put(ADMISSION, Admission.VIEWER_TOKEN);
        ctx.put(TOKEN, token);
        ctx.next();
      }
      case EXPIRED -> refuse(ctx, "viewer token expired");
      case MALFORMED -> refuse(ctx, "not a viewer token");
      case WRONG_SIGNATURE -> refuse(ctx, "viewer token not valid for stream " + ApiErrors.shown(id)
          + " (another stream's, or revoked)");
    }
  }

  /** The viewer token a request was let in with, or {@code null}. */
  static String token(RoutingContext ctx) {
    return ctx.get(TOKEN);
  }

  static Admission admission(RoutingContext ctx) {
    Admission admission = ctx.get(ADMISSION);
    return admission == null ? Admission.PUBLIC : admission;
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).strip();
  }

  private static void refuse(RoutingContext ctx, String why) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"viewer\"").putHeader("Cache-Control", "no-store")
        .putHeader("Access-Control-Allow-Origin", "*");
    ApiErrors.send(ctx, 401, why);
  }
}
