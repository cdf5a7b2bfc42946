package io.captiond.bus;

import io.vertx.core.eventbus.MessageCodec;

/**
 * What every captiond codec shares: its messages are immutable, so local delivery passes the
 * reference itself; subclasses say only how a message crosses the wire.
 */
public abstract class ImmutableMessageCodec<T> implements MessageCodec<T, T> {

  private final String name;

  protected ImmutableMessageCodec(String name) {
    this.name = name;
  }

  @Override
  public final T transform(T value) {
    return value;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
