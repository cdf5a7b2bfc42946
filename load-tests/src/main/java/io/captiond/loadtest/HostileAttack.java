package io.captiond.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The attack run beside the legitimate streams of a step: hostile RTMP sessions (mutations of a
 * recorded real publish) from {@code threads} senders until {@code sessions} are sent, idle
 * connections held on each port, HTTP abuse, and a timed {@code /health} probe.
 */
final class HostileAttack implements StepRunner.Attack {

  /** What the attack did and saw. */
  record Figures(long sessionsSent, Map<RtmpMutations.Kind, Long> perKind, long closedByServer, long leftOpen,
      long connectFailed, long wallMs, List<Long> healthMillis, int healthFailures, Map<String, int[]> idle,
      long httpRequests, long httpLeaks, String firstLeak, long hugeRefused, int stalledViewers) {}

  private final RtmpMutations mutations;
  private final long sessions;
  private final int threads;
  private final int idlePerPort;
  private final int stalledViewers;
  private String token;
  private final Integer rtmpsPort;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLongArray perKind = new AtomicLongArray(RtmpMutations.Kind.values().length);
  private final AtomicLong closed = new AtomicLong();
  private final AtomicLong leftOpen = new AtomicLong();
  private final AtomicLong connectFailed = new AtomicLong();
  private ExecutorService senders;
  private IdleHold[] holds;
  private String[] holdNames;
  private HttpAbuse http;
  private HealthProbe health;
  private long startedAt;
  private volatile boolean stopped;

  HostileAttack(RtmpMutations mutations, long sessions, int threads, int idlePerPort, int stalledViewers,
      Integer rtmpsPort) {
    this.mutations = mutations;
    this.sessions = sessions;
    this.threads = threads;
    this.idlePerPort = idlePerPort;
    this.stalledViewers = stalledViewers;
    this.rtmpsPort = rtmpsPort;
  }

  @Override
  public void start(String httpBase, String token, int rtmpPort, String liveStreamId) throws IOException {
    this.token = token;
    startedAt = System.currentTimeMillis();
    java.net.URI base = java.net.URI.create(httpBase);
    health = new HealthProbe(httpBase);
    holdNames = rtmpsPort == null ? new String[] {"http", "rtmp"} : new String[] {"http", "rtmp", "rtmps"};
    holds = new IdleHold[holdNames.length];
    holds[0] = new IdleHold("http", new InetSocketAddress(base.getHost(), base.getPort()), idlePerPort).start();
    holds[1] = new IdleHold("rtmp", new InetSocketAddress("127.0.0.1", rtmpPort), idlePerPort).start();
    if (rtmpsPort != null) {
      holds[2] = new IdleHold("rtmps", new InetSocketAddress("127.0.0.1", rtmpsPort), idlePerPort).start();
    }
    http = new HttpAbuse(base.getHost(), base.getPort(), liveStreamId, token).start(stalledViewers);
    senders = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int seed = t;
      senders.submit(() -> send(rtmpPort, seed));
    }
  }

  private void send(int port, int seed) {
    Random random = new Random(seed);
    RtmpMutations.Kind[] kinds = RtmpMutations.Kind.values();
    while (!stopped && sent.get() < sessions) {
      RtmpMutations.Kind kind = kinds[random.nextInt(kinds.length)];
      byte[] bytes = mutations.session(kind, random);
      int n = random.nextInt(16_000);
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 3, (byte) (n / 250), (byte) (2 + n % 250)}), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(100);
        socket.setSoLinger(true, 0);
        sent.incrementAndGet();
        perKind.incrementAndGet(kind.ordinal());
        try {
          socket.getOutputStream().write(bytes);
          InputStream in = socket.getInputStream();
          byte[] sink = new byte[16384];
          while (in.read(sink) >= 0) {
            // replies; the server closes when it has had enough
          }
          closed.incrementAndGet();
        } catch (SocketTimeoutException stillOpen) {
          leftOpen.incrementAndGet();
        } catch (IOException reset) {
          closed.incrementAndGet();
        }
      } catch (IOException e) {
        connectFailed.incrementAndGet();
      }
    }
  }

  /** Whether all the sessions asked for are sent. */
  boolean done() {
    return sent.get() >= sessions;
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void stop() {
    stopped = true;
    senders.shutdownNow();
    try {
      senders.awaitTermination(30, TimeUnit.SECONDS);
      http.close();
      for (IdleHold hold : holds) {
        hold.close();
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("stopping the attack: " + e);
    }
    health.close();
  }

  Figures figures() {
    Map<RtmpMutations.Kind, Long> kinds = new EnumMap<>(RtmpMutations.Kind.class);
    for (RtmpMutations.Kind kind : RtmpMutations.Kind.values()) {
      kinds.put(kind, perKind.get(kind.ordinal()));
    }
    Map<String, int[]> idle = new java.util.LinkedHashMap<>();
    for (int i = 0; i < holds.length; i++) {
      idle.put(holdNames[i], new int[] {holds[i].maxOpen(), (int) holds[i].opened(), (int) holds[i].closedByServer()});
    }
    return new Figures(sent.get(), kinds, closed.get(), leftOpen.get(), connectFailed.get(),
        System.currentTimeMillis() - startedAt, health.millis(), health.failures(), idle, http.requests(),
        http.leaks(), http.firstLeak(), http.refusedHuge(), http.stalledViewers());
  }
}
