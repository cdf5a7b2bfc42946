package io.captiond.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Strangers on the HTTP port: path traversal attempts (a reply holding a secret counts as a leak),
 * huge headers and bodies, and WebSocket viewers of a live stream that never read what they are sent.
 */
final class HttpAbuse implements AutoCloseable {

  static final List<String> TRAVERSALS = List.of("/hls/%s/..%%2f..%%2fapi-token", "/hls/%s/..%%2F..%%2F..%%2Fetc%%2Fpasswd",
      "/hls/..%%2f..%%2fetc/passwd", "/player/assets/..%%2f..%%2f..%%2fpom.xml", "/player/assets/%%2e%%2e%%2fapi-token",
      "/streams/%s/..%%2f..%%2fapi-token", "/hls/%s/%%2e%%2e/%%2e%%2e/stream.json", "/hls/%s/....//....//stream.json",
      "/hls/%s/..\\..\\stream.json", "/player/assets/%%c0%%ae%%c0%%ae/%%c0%%ae%%c0%%ae/api-token",
      "/hls/%s/stream.json", "/hls/%s/%%00../../api-token", "/../../../../etc/passwd");

  private final String host;
  private final int port;
  private final String streamId;
  private final String token;
  private final Random random = new Random(5);
  private final List<Socket> stalled = new ArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong leaks = new AtomicLong();
  private final AtomicLong refusedHuge = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile String firstLeak;

  HttpAbuse(String host, int port, String streamId, String token) {
    this.host = host;
    this.port = port;
    this.streamId = streamId;
    this.token = token;
    this.thread = new Thread(this::loop, "http-abuse");
    thread.setDaemon(true);
  }

  /** Opens {@code viewers} WebSocket viewers of the stream that never read, then abuses in a loop. */
  HttpAbuse start(int viewers) {
    for (int i = 0; i < viewers; i++) {
      try {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 2, (byte) (i / 250), (byte) (2 + i % 250)}), 0));
        socket.connect(new InetSocketAddress(host, port), 5000);
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        socket.getOutputStream().write(("GET /ws/streams/" + streamId + "/captions?since=0 HTTP/1.1\r\nHost: " + host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        stalled.add(socket); // never read again
      } catch (IOException e) {
        // refused: the server's viewer cap, if it has one
      }
    }
    thread.start();
    return this;
  }

  private void loop() {
    while (!stopped) {
      for (String pattern : TRAVERSALS) {
        probe("GET " + String.format(pattern, streamId, streamId) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      }
      String huge = "x".repeat(256 * 1024 + random.nextInt(1024));
      probe("GET /health HTTP/1.1\r\nHost: x\r\nX-Huge: " + huge + "\r\nConnection: close\r\n\r\n");
      probe("GET /" + huge + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      hugeBody("/api/streams", false);
      hugeBody("/api/streams", true);
    }
  }

  private void probe(String request) {
    requests.incrementAndGet();
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String reply = new String(socket.getInputStream().readNBytes(65536), StandardCharsets.ISO_8859_1);
      if (reply.contains(token) || reply.contains("root:x:0:0") || reply.contains("\"key\"") || reply.contains("<project")) {
        leaks.incrementAndGet();
        if (firstLeak == null) {
          firstLeak = request.lines().findFirst().orElse("") + " -> " + reply.lines().findFirst().orElse("");
        }
      }
    } catch (IOException e) {
      // closed or reset: refused, as it may be
    }
  }

  private void hugeBody(String path, boolean authorized) {
    requests.incrementAndGet();
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      long length = 16L << 20;
      out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length
          + (authorized ? "\r\nAuthorization: Bearer " + token : "") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] block = new byte[65536];
      long sent = 0;
      try {
        while (sent < length && !stopped) {
          out.write(block);
          sent += block.length;
        }
      } catch (IOException closedEarly) {
        refusedHuge.incrementAndGet();
        return;
      }
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      if (!status.contains("201")) {
        refusedHuge.incrementAndGet();
      }
    } catch (IOException e) {
      refusedHuge.incrementAndGet();
    }
  }

  long requests() {
    return requests.get();
  }

  long leaks() {
    return leaks.get();
  }

  String firstLeak() {
    return firstLeak;
  }

  long refusedHuge() {
    return refusedHuge.get();
  }

  int stalledViewers() {
    return stalled.size();
  }

  @Override
  public void close() throws IOException {
    stopped = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket socket : stalled) {
      socket.close();
    }
  }
}
