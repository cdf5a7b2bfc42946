/**
 * Where media enters: the source description given to the API ({@link io.captiond.ingest.SourceSpec})
 * and the events sources send their session ({@link io.captiond.ingest.IngestEvent}). Each kind of
 * source has its own sub-package.
 */
package io.captiond.ingest;
