package io.captiond.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * For messages that hold live objects and only ever travel inside one process (sent with
 * {@code DeliveryOptions.setLocalOnly(true)}): the reference is passed as it is, and an attempt to
 * put one on the wire fails loudly instead of losing what it holds.
 */
public final class LocalOnlyCodec<T> extends ImmutableMessageCodec<T> {


  public LocalOnlyCodec(String name) {
    super(name);
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new UnsupportedOperationException(name() + " is local to one node and cannot be sent to another");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name() + " is local to one node and cannot come from another");
  }

}
