/**
 * Pull ingest: any file or URL FFmpeg can read (through JavaCV), decoded to 16 kHz mono PCM with
 * the source's timestamps, optionally paced in real time.
 */
package io.captiond.ingest.pull;
