package io.captiond.translate;

/**
 * The event-bus addresses of the translation stage (to be folded into {@code bus.Addresses}).
 *
 * <table>
 *   <caption>addresses and what travels on them</caption>
 *   <tr><th>address</th><th>body</th><th>pattern</th><th>from → to</th></tr>
 *   <tr><td>{@value #PAIRS}</td><td>nothing → reply a JSON object, engine name → array of pairs
 *       ({@code en->es})</td><td>request/reply</td><td>api node → an mt node</td></tr>
 *   <tr><td>{@code captiond.captions.<stream>.lang.<lang>}</td><td>{@link TranslatedCaption}</td>
 *       <td>publish</td><td>stream → viewers</td></tr>
 *   <tr><td>{@code captiond.translate.<engine>}</td><td>{@link TranslationRequest} → reply
 *       {@link TranslationReply}</td><td>request/reply, round-robin over the workers of that engine,
 *       cluster-wide</td><td>stream → translation worker</td></tr>
 * </table>
 */
public final class TranslationAddresses {

  public static final String PREFIX = "captiond.translate.";
  /** Request/reply: any {@code mt} node answers with its engines' pairs ({@link TranslationNodeVerticle}). */
  public static final String PAIRS = "captiond.translate-pairs";

  private TranslationAddresses() {}

  /** Where the workers of the engine called {@code engine} take requests. */
  public static String forEngine(String engine) {
    return PREFIX + engine;
  }

  /** Where a stream publishes its captions translated into {@code language} (local to its node's viewers too). */
  public static String captions(String streamId, String language) {
    return "captiond.captions." + streamId + ".lang." + language;
  }

  /** Where a stream's session hears its new list of translations (a {@code JsonArray}), on its node. */
  public static String languages(String streamId) {
    return "captiond.stream." + streamId + ".translations";
  }
}
