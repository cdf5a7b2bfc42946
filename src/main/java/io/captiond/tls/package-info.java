/**
 * TLS for the node's public ports, from a PEM certificate chain and key an operator (or an ACME
 * client such as certbot) keeps on disk: {@link io.captiond.tls.TlsSettings} (the {@code tls.*}
 * keys), {@link io.captiond.tls.PemPair} (the two files, read together and watched for changes),
 * {@link io.captiond.tls.HttpTls} (HTTPS and WSS on the API port, re-keyed in place when the files
 * change) and {@link io.captiond.tls.NettyTls} (a Netty {@code SslContext} for RTMPS, rebuilt
 * when the files change; connections made after it get the new certificate).
 */
package io.captiond.tls;
