/**
 * The top floor: a node's entry point ({@link io.captiond.app.Main}), the configuration
 * ({@link io.captiond.app.Config}, read into the settings records that own each group of keys:
 * {@code NodeSettings}, {@code CaptionSettings}, {@code IngestSettings}, and through them the records
 * of the stages), the engines it loads ({@code Engines}), the event-bus codecs it registers
 * ({@link io.captiond.app.Codecs}) and the composition of its verticles ({@link io.captiond.app.Captiond}).
 * Nothing below imports it.
 */
package io.captiond.app;
