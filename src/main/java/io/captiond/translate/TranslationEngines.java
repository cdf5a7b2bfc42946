package io.captiond.translate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Makes an engine from its kind and settings, so engines can be named in configuration and added
 * to a {@link TranslationCatalog} at run time: {@code {"kind": "apertium", "url": "http://…"}}.
 *
 * <p>Kinds: {@value ApertiumEngine#KIND}, {@value LibreTranslateEngine#KIND}.
 * TODO(issue 13) {@value #WHISPER}: Whisper's own translate task into English. It is not a service
 * of its own but a {@code task=translate} decode of the same audio, so it belongs to the ASR side
 * and the stream wiring (a second decode per window, or per unit's span); it is refused here until
 * that wiring exists.
 */
public final class TranslationEngines {

  public static final String KIND = "kind";
  public static final String WHISPER = "whisper";
  public static final List<String> KINDS = List.of(ApertiumEngine.KIND, LibreTranslateEngine.KIND);

  private TranslationEngines() {}

  /** A connected engine called {@code name}, of the kind {@code settings} names. */
  public static Future<TranslationEngine> create(Vertx vertx, String name, JsonObject settings) {
    String kind = settings.getString(KIND, name);
    try {
      return switch (kind) {
        case ApertiumEngine.KIND -> ApertiumEngine.connect(vertx, name, ApertiumConfig.fromJson(settings));
        case LibreTranslateEngine.KIND ->
            LibreTranslateEngine.connect(vertx, name, LibreTranslateConfig.fromJson(settings));
        case WHISPER -> Future.failedFuture(new IllegalArgumentException(
            "translation engine kind 'whisper' is not built yet: it needs the stream wiring (issue 13)"));
        default -> Future.failedFuture(new IllegalArgumentException(
            "no translation engine kind '" + kind + "'; there are " + KINDS));
      };
    } catch (IllegalArgumentException badSettings) {
      return Future.failedFuture(badSettings);
    }
  }
}
