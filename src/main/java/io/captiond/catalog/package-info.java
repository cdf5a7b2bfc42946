/**
 * A named set of shared resources that can be replaced while in use: {@link io.captiond.catalog.Catalog}, a
 * copy-on-write map of reference-counted entries, each closed after its last lease. The ASR engines
 * ({@code asr.EngineCatalog}) and the translation engines ({@code translate.TranslationCatalog}) are such sets.
 * Imports nothing of captiond.
 */
package io.captiond.catalog;
