package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's {@code viewers} policy with real clients (the JDK's HttpClient and WebSocket): a {@code token}
 * stream shows nothing to a stranger on any path a viewer reads; a minted viewer token opens that one stream
 * until it expires or is revoked; the policy changes with PATCH and survives a restart.
 */
class ViewerAccessTest {

  /** Every address a viewer reads, the token appended to each. */
  private static final List<String> VIEWER_PATHS = List.of("/streams/%s/captions.vtt", "/streams/%s/captions.srt",
      "/streams/%s/status", "/player/%s", "/hls/%s/master.m3u8", "/hls/%s/index.m3u8", "/hls/%s/seg0.ts");

  @TempDir
  Path data;

  @Test
  void aTokenStreamShowsAStrangerNothingAndAViewerTokenOpensEveryViewerPath() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      String id = create(api, "private", "token").getString("id");
      String other = create(api, "other", "token").getString("id");
      for (String path : VIEWER_PATHS) {
        ApiClient.Response anonymous = api.getWithToken(path.formatted(id), null);
        assertEquals(401, anonymous.status(), path + ": " + anonymous.body());
        assertTrue(anonymous.body().contains("viewer-tokens"), anonymous.body());
      }
      assertEquals(401, FeedSocket.refusal(api.base(), id, "", Map.of()));

      JsonObject minted = mint(api, id, new JsonObject().put("expiresIn", 600));
      String token = minted.getString("token");
      assertEquals("/player/" + id + "?token=" + token, minted.getString("player"));
      assertEquals("token", minted.getString("viewers"));
      for (String path : VIEWER_PATHS) {
        ApiClient.Response viewer = api.getWithToken(path.formatted(id) + "?token=" + token, null);
        // the HLS files are not written yet: past the gate, the handler says so
        assertEquals(path.startsWith("/hls") ? 404 : 200, viewer.status(), path + ": " + viewer.body());
        assertEquals(401, api.getWithToken(path.formatted(other) + "?token=" + token, null).status(),
            "one stream's token opens no other: " + path);
        assertNotEquals(401, api.getWithToken(path.formatted(id), token).status(), "as a bearer token: " + path);
        assertNotEquals(401, api.getWithToken(path.formatted(id), TestServer.TOKEN).status(),
            "the admin token as a bearer token: " + path);
      }
      assertEquals(401, api.getWithToken("/streams/" + id + "/status?token=" + TestServer.TOKEN, null).status(),
          "the admin token is never taken from a URL");
      assertEquals(-1, FeedSocket.refusal(api.base(), id, "token=" + token, Map.of()));
      assertEquals(401, FeedSocket.refusal(api.base(), other, "token=" + token, Map.of()));
      assertEquals(401, FeedSocket.refusal(api.base(), id, "token=" + altered(token), Map.of()));
    }
  }

  /**
   * The token with the first character of its signature changed: always another signature. (Its last two
   * characters, written over with "AA", were the same ones for one token in 1024, which then opened the feed.)
   */
  static String altered(String token) {
    int first = token.indexOf('.') + 1;
    char was = token.charAt(first);
    String altered = token.substring(0, first) + (was == 'A' ? 'B' : 'A') + token.substring(first + 1);
    assertNotEquals(token, altered);
    return altered;
  }

  @Test
  void aViewerTokenExpiresAndItsLifeIsBounded() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("viewers.max_token_seconds", 100, "viewers.token_seconds", 60)))) {
      ApiClient api = server.api();
      String id = create(api, "private", "token").getString("id");
      String token = mint(api, id, new JsonObject().put("expiresIn", 1)).getString("token");
      Thread.sleep(2100);
      ApiClient.Response expired = api.getWithToken("/streams/" + id + "/captions.vtt?token=" + token, null);
      assertEquals(401, expired.status());
      assertTrue(expired.body().contains("expired"), expired.body());
      for (Object bad : new Object[] {0, 101, -5, 1.5, "60"}) {
        ApiClient.Response refused = api.post("/api/streams/" + id + "/viewer-tokens",
            new JsonObject().put("expiresIn", bad));
        assertEquals(400, refused.status(), bad + ": " + refused.body());
      }
      assertEquals(201, api.post("/api/streams/" + id + "/viewer-tokens", new JsonObject()).status(),
          "the default life when none is asked");
      assertEquals(404, api.post("/api/streams/nosuchstream/viewer-tokens", new JsonObject()).status());
      assertEquals(401, api.getWithToken("/api/streams/" + id + "/viewer-tokens", null).status());
      ApiClient anonymous = new ApiClient(api.base(), null);
      assertEquals(401, anonymous.post("/api/streams/" + id + "/viewer-tokens", new JsonObject()).status(),
          "only the admin mints viewer tokens");
    }
  }

  @Test
  void revokingAStreamsTokensRefusesThemAndClosesTheFeedsTheyOpened() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      String id = create(api, "private", "token").getString("id");
      String token = mint(api, id, new JsonObject()).getString("token");
      FeedSocket viewer = FeedSocket.open(api.base(), id, "token=" + token, Map.of());
      FeedSocket admin = FeedSocket.open(api.base(), id, "", Map.of("Authorization", "Bearer " + TestServer.TOKEN));

      assertEquals(204, api.delete("/api/streams/" + id + "/viewer-tokens").status());
      assertEquals("1008 viewer token revoked", viewer.awaitClose(Duration.ofSeconds(10)));
      assertEquals(401, api.getWithToken("/streams/" + id + "/captions.vtt?token=" + token, null).status());
      String fresh = mint(api, id, new JsonObject()).getString("token");
      assertEquals(200, api.getWithToken("/streams/" + id + "/captions.vtt?token=" + fresh, null).status());
      Thread.sleep(300);
      assertTrue(admin.isOpen(), "a feed opened with the admin token stays");
      admin.close();
    }
  }

  @Test
  void patchTurnsAStreamPrivateClosingTheFeedsOpenedWithoutATokenAndBackPublic() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      JsonObject created = create(api, "open", null);
      String id = created.getString("id");
      assertEquals("public", created.getString("viewers"), "viewers.default is public");
      assertEquals(200, api.getWithToken("/streams/" + id + "/captions.vtt", null).status());
      FeedSocket stranger = FeedSocket.open(api.base(), id, "", Map.of());

      var patched = FeedSocket.patch(api.base(), "/api/streams/" + id, TestServer.TOKEN,
          new JsonObject().put("viewers", "token"));
      assertEquals(200, patched.statusCode(), patched.body());
      assertEquals("token", new JsonObject(patched.body()).getString("viewers"));
      assertEquals("token", api.get("/api/streams/" + id).json().getString("viewers"));
      assertEquals("1008 stream now needs a viewer token", stranger.awaitClose(Duration.ofSeconds(10)));
      assertEquals(401, api.getWithToken("/streams/" + id + "/captions.vtt", null).status());

      assertEquals(200, FeedSocket.patch(api.base(), "/api/streams/" + id, TestServer.TOKEN,
          new JsonObject().put("viewers", "public")).statusCode());
      assertEquals(200, api.getWithToken("/streams/" + id + "/captions.vtt", null).status());

      var bad = FeedSocket.patch(api.base(), "/api/streams/" + id, TestServer.TOKEN,
          new JsonObject().put("viewers", "friends"));
      assertEquals(400, bad.statusCode(), bad.body());
      var unknownField = FeedSocket.patch(api.base(), "/api/streams/" + id, TestServer.TOKEN,
          new JsonObject().put("viewers", "token").put("colour", "red"));
      assertEquals(400, unknownField.statusCode(), unknownField.body());
      assertEquals("public", api.get("/api/streams/" + id).json().getString("viewers"),
          "a refused body changes nothing, not even its valid fields");
      assertEquals(404, FeedSocket.patch(api.base(), "/api/streams/nosuchstream", TestServer.TOKEN,
          new JsonObject().put("viewers", "token")).statusCode());
      assertEquals(401, FeedSocket.patch(api.base(), "/api/streams/" + id, "wrong-token",
          new JsonObject().put("viewers", "public")).statusCode());
      assertEquals(400, api.post("/api/streams", new JsonObject().put("name", "x").put("viewers", "all")
          .put("source", new JsonObject().put("type", "rtmp"))).status());
    }
  }

  @Test
  void theDefaultPolicyIsAKeyAndAStreamsPolicyAndSecretSurviveARestartOwnerOnly() throws Exception {
    Map<String, Object> privateByDefault = Map.of("viewers.default", "token");
    String id;
    String token;
    try (TestServer server = TestServer.start(TestServer.config(data, privateByDefault))) {
      ApiClient api = server.api();
      JsonObject created = create(api, "private", null);
      id = created.getString("id");
      assertEquals("token", created.getString("viewers"));
      token = mint(api, id, new JsonObject()).getString("token");
      Path file = data.resolve("streams").resolve(id).resolve("viewers.json");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertFalse(api.get("/api/streams/" + id).body().contains("secret"), "the secret never leaves the server");
    }
    try (TestServer server = TestServer.start(data)) { // viewers.default back to public: the stream keeps its own
      ApiClient api = server.api();
      assertEquals("token", api.get("/api/streams/" + id).json().getString("viewers"));
      assertEquals(401, api.getWithToken("/streams/" + id + "/captions.vtt", null).status());
      assertEquals(200, api.getWithToken("/streams/" + id + "/captions.vtt?token=" + token, null).status());
    }
  }

  @Test
  void noPublicEndpointListsStreamIds() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      String id = create(api, "any", "public").getString("id");
      ApiClient stranger = new ApiClient(api.base(), null);
      for (String path : List.of("/api/streams", "/metrics", "/health", "/player/assets/player.js", "/streams",
          "/hls", "/hls/", "/ws/streams", "/player/")) {
        ApiClient.Response response = stranger.get(path);
        assertFalse(response.body().contains(id), path + " shows a stream id: " + response.body());
      }
      assertEquals(401, stranger.get("/api/streams").status());
    }
  }

  static JsonObject create(ApiClient api, String name, String viewers) throws Exception {
    JsonObject body = new JsonObject().put("name", name).put("source", new JsonObject().put("type", "rtmp"))
        .put("language", "en");
    if (viewers != null) {
      body.put("viewers", viewers);
    }
    ApiClient.Response response = api.post("/api/streams", body);
    assertEquals(201, response.status(), response.body());
    return response.json();
  }

  static JsonObject mint(ApiClient api, String id, JsonObject body) throws Exception {
    ApiClient.Response response = api.post("/api/streams/" + id + "/viewer-tokens", body);
    assertEquals(201, response.status(), response.body());
    return response.json();
  }
}
