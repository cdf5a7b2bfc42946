package io.captiond.ingest.srt;

/**
 * Where an SRT stream's media comes from: its own listener (the publisher calls, the stream key
 * as passphrase) or an encoder's listener that captiond calls.
 *
 * @param url what FFmpeg's libsrt opens, options included
 * @param listening captiond listens (else it calls)
 * @param shown the endpoint for logs and messages, passphrase hidden
 */
record SrtEndpoint(String url, boolean listening, String shown) {

  static SrtEndpoint listener(SrtSettings settings, int port, String passphrase) {
    return new SrtEndpoint(SrtUrls.listener(settings, port, passphrase), true,
        "port " + port + " of " + settings.host());
  }

  static SrtEndpoint caller(SrtSettings settings, String url, long graceMs) {
    return new SrtEndpoint(SrtUrls.caller(settings, url, graceMs), false, SrtUrls.redacted(url));
  }
}
