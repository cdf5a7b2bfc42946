package io.captiond.session;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.bus.Addresses;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.concurrent.TimeUnit;

/**
 * Asks the ASR workers (anywhere in the cluster) for the transcript of one window of a stream, with
 * the stream's engine and language, and times each round trip that succeeds.
 */
final class AsrClient {

  private final Vertx vertx;
  private final StreamRecord stream;
  private final DeliveryOptions timeout;
  private final Timer timer;

  AsrClient(Vertx vertx, StreamRecord stream, long timeoutMs, Timer timer) {
    this.vertx = vertx;
    this.stream = stream;
    this.timeout = new DeliveryOptions().setSendTimeout(timeoutMs);
    this.timer = timer;
  }

  Future<Transcript> transcribe(AudioWindow window, String prompt) {
    AsrRequest request = new AsrRequest(stream.id(), stream.engine(),
        new TranscribeOptions(stream.language(), prompt), window);
    long began = System.nanoTime();
    return vertx.eventBus().<Transcript>request(Addresses.ASR_TRANSCRIBE, request, timeout)
        .map(reply -> {
          timer.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
          return reply.body();
        });
  }
}
