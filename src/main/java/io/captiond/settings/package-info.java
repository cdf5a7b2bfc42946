/**
 * The ground floor of configuration: {@link io.captiond.settings.SettingException}, a bad value that
 * names its full key path ({@code captions.step_ms}), and {@link io.captiond.settings.Check}, the one
 * range check of a field. Each settings record (e.g. {@code vad.VadSettings}) holds its key names as
 * constants and checks its fields once with these; {@code app} reads the YAML into the records and
 * turns a SettingException into a start-up error. Imports nothing of captiond.
 */
package io.captiond.settings;
