package io.captiond.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a real FFmpeg publisher sends: FFmpeg publishes a few seconds of speech and a test picture
 * through a recording relay to the server, and the bytes it sent (handshake, then chunks) are kept
 * as the seed of the hostile sessions.
 *
 * @param handshake C0, C1 and C2 as FFmpeg sent them (the server does not check C2)
 * @param chunks the chunks after the handshake, each whole (header and payload), in order
 */
record RtmpRecording(byte[] handshake, List<byte[]> chunks) {

  static final int HANDSHAKE = 1 + 2 * 1536;

  /** Records FFmpeg publishing {@code wav} for {@code seconds} to {@code publishUrl} (an rtmp:// URL). */
  static RtmpRecording record(Path wav, String publishUrl, int seconds, Path log) throws IOException, InterruptedException {
    java.net.URI target = java.net.URI.create(publishUrl);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    try (ServerSocket relay = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String viaRelay = "rtmp://127.0.0.1:" + relay.getLocalPort() + target.getPath();
      Process ffmpeg = Processes.track(new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-re",
          "-i", wav.toString(), "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", String.valueOf(seconds),
          "-c:a", "aac", "-ar", "44100", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "flv", viaRelay)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start());
      relay.setSoTimeout(30_000);
      try (Socket client = relay.accept();
          Socket server = new Socket(target.getHost(), target.getPort())) {
        Thread back = new Thread(() -> pipe(server, client, null), "relay-back");
        back.setDaemon(true);
        back.start();
        pipe(client, server, sent);
      }
      ffmpeg.waitFor(seconds + 30L, TimeUnit.SECONDS);
      ffmpeg.destroy();
    }
    byte[] all = sent.toByteArray();
    if (all.length < HANDSHAKE + 100) {
      throw new HarnessException("the recorded publish holds only " + all.length + " bytes; see " + log);
    }
    byte[] handshake = java.util.Arrays.copyOf(all, HANDSHAKE);
    return new RtmpRecording(handshake, split(java.util.Arrays.copyOfRange(all, HANDSHAKE, all.length)));
  }

  private static void pipe(Socket from, Socket to, ByteArrayOutputStream copy) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (copy != null) {
          synchronized (copy) {
            copy.write(buffer, 0, n);
          }
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  /**
   * Cuts the chunk stream into whole chunks (RTMP 1.0 section 5.3), following Set Chunk Size; the
   * tail that does not parse is kept as one last piece.
   */
  static List<byte[]> split(byte[] bytes) {
    List<byte[]> chunks = new ArrayList<>();
    int chunkSize = 128;
    java.util.Map<Integer, int[]> streams = new java.util.HashMap<>(); // csid -> {length, type, remaining}
    int at = 0;
    while (at < bytes.length) {
      int start = at;
      int first = bytes[at] & 0xFF;
      int fmt = first >>> 6;
      int csid = first & 0x3F;
      at++;
      if (csid == 0) {
        csid = 64 + (bytes[at++] & 0xFF);
      } else if (csid == 1) {
        csid = 64 + (bytes[at] & 0xFF) + ((bytes[at + 1] & 0xFF) << 8);
        at += 2;
      }
      int[] s = streams.computeIfAbsent(csid, k -> new int[] {0, 0, 0});
      int[] headerLengths = {11, 7, 3, 0};
      if (at + headerLengths[fmt] > bytes.length) {
        break;
      }
      boolean extended = fmt < 3 && ((bytes[at] & 0xFF) << 16 | (bytes[at + 1] & 0xFF) << 8 | bytes[at + 2] & 0xFF) == 0xFFFFFF;
      if (fmt <= 1) {
        s[0] = (bytes[at + 3] & 0xFF) << 16 | (bytes[at + 4] & 0xFF) << 8 | bytes[at + 5] & 0xFF;
        s[1] = bytes[at + 6] & 0xFF;
      }
      at += headerLengths[fmt] + (extended ? 4 : 0);
      if (s[2] == 0) {
        s[2] = s[0];
      }
      int payload = Math.min(chunkSize, s[2]);
      if (at + payload > bytes.length) {
        at = start;
        break;
      }
      if (s[1] == 1 && s[2] == s[0] && payload == 4) {
        chunkSize = (bytes[at] & 0x7F) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 | bytes[at + 3] & 0xFF;
      }
      at += payload;
      s[2] -= payload;
      chunks.add(java.util.Arrays.copyOfRange(bytes, start, at));
    }
    if (at < bytes.length) {
      chunks.add(java.util.Arrays.copyOfRange(bytes, at, bytes.length));
    }
    return chunks;
  }
}
