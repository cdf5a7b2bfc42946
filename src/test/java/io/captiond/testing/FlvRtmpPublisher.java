package io.captiond.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * A test publisher that replays an FLV file over RTMP in real time with its timestamps rewritten, to play
 * a glitchy or hostile encoder (a clock that jumps forward or back). Written from the RTMP 1.0 spec on its
 * own (plain handshake, type 0/3 chunks, AMF0 commands), not with captiond's codecs, so it checks them
 * rather than agreeing with them. Media is paced by the file's own timestamps; the rewrite changes only
 * what is sent.
 */
public final class FlvRtmpPublisher {

  private static final int CHUNK_SIZE = 4096;
  private static final int COMMAND_CSID = 3;
  private static final int AUDIO_CSID = 4;
  private static final int VIDEO_CSID = 6;

  private final OutputStream out;
  private final ServerReplies replies;

  private FlvRtmpPublisher(OutputStream out, ServerReplies replies) {
    this.out = out;
    this.replies = replies;
  }

  /** Publishes {@code flv} to {@code rtmp://host:port/app/key}, each tag's timestamp through {@code rewrite}. */
  public static void publish(Path flv, String url, LongUnaryOperator rewrite) throws IOException, InterruptedException {
    URI uri = URI.create(url);
    String[] path = uri.getPath().substring(1).split("/", 2);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 1935 : uri.getPort());
        DataInputStream file = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(flv)))) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      handshake(in, out);
      ServerReplies replies = new ServerReplies(in);
      replies.start();
      FlvRtmpPublisher publisher = new FlvRtmpPublisher(out, replies);
      publisher.startPublishing(uri, path[0], path[1]);
      publisher.sendTags(file, rewrite);
      publisher.command(1, "deleteStream", 6, null, 1.0);
      out.flush();
    }
  }

  private static void handshake(InputStream in, OutputStream out) throws IOException {
    out.write(3); // C0: version 3
    out.write(new byte[1536]); // C1: time 0, zero, no digest (the plain handshake)
    out.flush();
    byte[] s0s1s2 = in.readNBytes(1 + 2 * 1536);
    if (s0s1s2.length < 1 + 2 * 1536) {
      throw new EOFException("the server closed during the handshake");
    }
    out.write(s0s1s2, 1, 1536); // C2 echoes S1
    out.flush();
  }

  private void startPublishing(URI uri, String app, String key) throws IOException, InterruptedException {
    ByteArrayOutputStream size = new ByteArrayOutputStream();
    size.write(new byte[] {0, 0, (byte) (CHUNK_SIZE >> 8), (byte) CHUNK_SIZE});
    message(2, 1, 0, 0, size.toByteArray()); // Set Chunk Size
    Amf0 properties = new Amf0().objectStart().property("app", app).property("type", "nonprivate")
        .property("tcUrl", "rtmp://" + uri.getHost() + ":" + uri.getPort() + "/" + app).objectEnd();
    command(0, "connect", 1, properties, null);
    replies.await("NetConnection.Connect.Success");
    command(0, "createStream", 2, null, null);
    replies.await("_result");
    command(1, "publish", 5, null, key, "live");
    replies.await("NetStream.Publish.Start");
  }

  private void sendTags(DataInputStream file, LongUnaryOperator rewrite) throws IOException, InterruptedException {
    file.skipNBytes(9 + 4); // FLV header, PreviousTagSize0
    long startNanos = System.nanoTime();
    long firstTime = -1;
    while (true) {
      int type = file.read();
      if (type < 0) {
        return;
      }
      int size = file.readUnsignedByte() << 16 | file.readUnsignedShort();
      long time = (file.readUnsignedByte() << 16 | file.readUnsignedShort()) | (long) file.readUnsignedByte() << 24;
      file.skipNBytes(3); // stream id
      byte[] data = file.readNBytes(size);
      file.skipNBytes(4); // PreviousTagSize
      if (type != 8 && type != 9) {
        continue; // script data: the server reads the tracks from the media itself
      }
      firstTime = firstTime < 0 ? time : firstTime;
      long due = startNanos + TimeUnit.MILLISECONDS.toNanos(time - firstTime);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      message(type == 8 ? AUDIO_CSID : VIDEO_CSID, type, 1, rewrite.applyAsLong(time) & 0xFFFFFFFFL, data);
    }
  }

  private void command(int streamId, String name, double transaction, Amf0 object, Object... args) throws IOException {
    Amf0 body = new Amf0().string(name).number(transaction);
    if (object != null) {
      body.raw(object.bytes());
    } else {
      body.nul();
    }
    for (Object arg : args == null ? new Object[0] : args) {
      if (arg instanceof String s) {
        body.string(s);
      } else if (arg instanceof Number n) {
        body.number(n.doubleValue());
      } else if (arg == null) {
        body.nul();
      }
    }
    message(COMMAND_CSID, 20, streamId, 0, body.bytes());
  }

  /** One message: a type 0 chunk, then type 3 continuations (RTMP 1.0 section 5.3.1). */
  private void message(int csid, int typeId, int streamId, long timestamp, byte[] payload) throws IOException {
    boolean extended = timestamp >= 0xFFFFFF;
    ByteArrayOutputStream chunked = new ByteArrayOutputStream(payload.length + 32);
    chunked.write(csid);
    writeMedium(chunked, extended ? 0xFFFFFF : (int) timestamp);
    writeMedium(chunked, payload.length);
    chunked.write(typeId);
    chunked.write(streamId);
    chunked.write(streamId >> 8);
    chunked.write(streamId >> 16);
    chunked.write(streamId >> 24); // little-endian, the one field that is
    for (int at = 0; at < payload.length || at == 0; at += CHUNK_SIZE) {
      if (at > 0) {
        chunked.write(0xC0 | csid);
      }
      if (extended) {
        chunked.write((int) (timestamp >> 24));
        writeMedium(chunked, (int) timestamp);
      }
      chunked.write(payload, at, Math.min(CHUNK_SIZE, payload.length - at));
      if (payload.length == 0) {
        break;
      }
    }
    chunked.writeTo(out);
  }

  private static void writeMedium(ByteArrayOutputStream out, int value) {
    out.write(value >> 16);
    out.write(value >> 8);
    out.write(value);
  }

  /** Just enough AMF0 (section 2 of the AMF0 spec) for the publish commands. */
  private static final class Amf0 {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Amf0 number(double value) {
      bytes.write(0x00);
      long bits = Double.doubleToLongBits(value);
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes.write((int) (bits >> shift));
      }
      return this;
    }

    Amf0 string(String value) {
      bytes.write(0x02);
      return name(value);
    }

    Amf0 nul() {
      bytes.write(0x05);
      return this;
    }

    Amf0 objectStart() {
      bytes.write(0x03);
      return this;
    }

    Amf0 property(String key, String value) {
      return name(key).string(value);
    }

    Amf0 objectEnd() {
      bytes.write(0);
      bytes.write(0);
      bytes.write(0x09);
      return this;
    }

    Amf0 raw(byte[] encoded) {
      bytes.writeBytes(encoded);
      return this;
    }

    private Amf0 name(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      bytes.write(utf8.length >> 8);
      bytes.write(utf8.length);
      bytes.writeBytes(utf8);
      return this;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  /** Reads what the server sends, keeping it as text to wait for a reply by a word it contains. */
  private static final class ServerReplies extends Thread {
    private final InputStream in;
    private final StringBuilder seen = new StringBuilder();

    ServerReplies(InputStream in) {
      super("rtmp-test-publisher-replies");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (this) {
            seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            notifyAll();
          }
        }
      } catch (IOException closed) {
        // the connection ended
      }
    }

    synchronized void await(String word) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (seen.indexOf(word) < 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IOException("no '" + word + "' from the server within 10 s");
        }
        wait(left);
      }
    }
  }
}
