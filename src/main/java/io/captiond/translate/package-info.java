/**
 * The translation stage (issue 13): the contract, the engines and their workers, and each stream's
 * translated tracks.
 *
 * <ul>
 *   <li>The contract: a {@link io.captiond.translate.TranslationEngine} translates a batch of texts
 *       along a {@link io.captiond.translate.LanguagePair} (ISO 639-1 codes, variants as
 *       {@code ca-valencia}) and says which pairs it offers; a
 *       {@link io.captiond.translate.TranslationException} says why not, and whether retrying may help.</li>
 *   <li>Engines: {@link io.captiond.translate.ApertiumEngine} (Apertium APy over HTTP, codes mapped by
 *       {@link io.captiond.translate.ApertiumCodes}) and {@link io.captiond.translate.LibreTranslateEngine}
 *       (the LibreTranslate API), made by kind in {@link io.captiond.translate.TranslationEngines}, held
 *       by name in a copy-on-write {@link io.captiond.translate.TranslationCatalog} so they can be
 *       added or swapped at run time.</li>
 *   <li>The {@code whisper} engine is no text engine: Whisper's translate task hears speech, so a
 *       {@link io.captiond.translate.WhisperTranslator} sends each unit's audio span (kept in the stream's
 *       {@link io.captiond.translate.RecentAudio}) to an ASR worker with a Whisper engine
 *       ({@link io.captiond.translate.WhisperWorkers}), {@code task=translate}. A stream chooses an engine per
 *       language with a {@link io.captiond.translate.TranslationTarget}; a {@code LanguageTrack} reaches its
 *       engine through a {@code UnitTranslator} (the text engines' workers: {@code BusTranslator}).</li>
 *   <li>Workers: a stateless {@link io.captiond.translate.TranslationWorkerVerticle} per engine on
 *       {@link io.captiond.translate.TranslationAddresses#forEngine}, with a bounded queue and a
 *       deadline per request; {@link io.captiond.translate.TranslationRequest} and
 *       {@link io.captiond.translate.TranslationReply} travel as JSON
 *       ({@link io.captiond.translate.TranslationCodecs}).</li>
 *   <li>Units: {@link io.captiond.translate.TranslationUnits} cuts confirmed
 *       {@link io.captiond.translate.TimedText} into {@link io.captiond.translate.TranslationUnit}s
 *       (sentences, or clauses at a pause, bounded in words and time), each keeping its source span.
 *       Plain Java, no Vert.x.</li>
 *   <li>Nodes: {@link io.captiond.translate.TranslationNodeVerticle} is the {@code mt} role (engines from
 *       {@link io.captiond.translate.TranslationSettings}, a worker each, the pairs on
 *       {@link io.captiond.translate.TranslationAddresses#PAIRS}); streams read the pairs through a
 *       {@link io.captiond.translate.TranslationDirectory}.</li>
 *   <li>Per stream: {@link io.captiond.translate.StreamTranslations} (the session's collaborator) cuts confirmed
 *       finals into units and hands them to a {@code LanguageTrack} per language, which translates them in
 *       order, stores them ({@link io.captiond.translate.TranslationLog}) before it publishes them as
 *       {@link io.captiond.translate.TranslatedCaption}s, lays them out as cues for the language's HLS
 *       rendition, and rides out failures (gaps, degraded, bounded catch-up;
 *       {@link io.captiond.translate.TranslationMetrics}).</li>
 * </ul>
 */
package io.captiond.translate;
