package io.captiond.translate;

/**
 * The event-bus addresses of the translation stage (to be folded into {@code bus.Addresses}).
 *
 * <table>
 *   <caption>addresses and what travels on them</caption>
 *   <tr><th>address</th><th>body</th><th>pattern</th><th>from → to</th></tr>
 *   <tr><td>{@code captiond.translate.<engine>}</td><td>{@link TranslationRequest} → reply
 *       {@link TranslationReply}</td><td>request/reply, round-robin over the workers of that engine,
 *       cluster-wide</td><td>stream → translation worker</td></tr>
 * </table>
 */
public final class TranslationAddresses {

  public static final String PREFIX = "captiond.translate.";

  private TranslationAddresses() {}

  /** Where the workers of the engine called {@code engine} take requests. */
  public static String forEngine(String engine) {
    return PREFIX + engine;
  }
}
