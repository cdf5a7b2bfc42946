package io.captiond.captions;

/** Hears whether a stream's finals reach its {@link CaptionLog}: the stream is degraded while they do not. */
public interface StoreHealth {

  /** Finals are held in memory, not yet stored: {@code detail} says why and how many. Repeated as it changes. */
  void degraded(String detail);

  /** Every held final is stored again. */
  void healed();

  static StoreHealth of(java.util.function.Consumer<String> degraded, Runnable healed) {
    return new StoreHealth() {
      @Override
      public void degraded(String detail) {
        degraded.accept(detail);
      }

      @Override
      public void healed() {
        healed.run();
      }
    };
  }
}
