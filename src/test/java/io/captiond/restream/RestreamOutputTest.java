package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestreamOutputTest {

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  @AfterEach
  void stop() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void failsAfterTheConfiguredAttemptsWithTheLastErrorAndNoKey() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    RestreamConfig config = RestreamConfig.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(80), 3);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RestreamOutput output = new RestreamOutput("rtmp://127.0.0.1:" + port + "/live/topsecret", config, group, meters,
        Tags.of("stream", "s", "output", "0"));
    assertEquals(OutputState.STOPPED, output.state());
    output.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (output.state() != OutputState.FAILED && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    OutputStatus status = output.status();
    assertEquals(OutputState.FAILED, status.state());
    assertEquals(3, status.reconnects());
    assertTrue(status.lastError().contains("Connection refused"), status.lastError());
    assertEquals(3.0, meters.get("captiond.restream.reconnects").functionCounter().count());
    assertEquals(0.0, meters.get("captiond.restream.live").gauge().value());
    assertFalse(status.toString().contains("topsecret") || output.toString().contains("topsecret"));
    output.close();
    assertTrue(meters.find("captiond.restream.live").meters().isEmpty(), "meters removed on close");
  }

  @Test
  void refusesAUrlThatIsNotRtmp() {
    assertThrows(IllegalArgumentException.class, () -> new RestreamOutput("srt://host:9000", RestreamConfig.defaults(),
        group, new SimpleMeterRegistry(), Tags.empty()));
  }
}
