package io.captiond.captions.cea608;

/** A caption the channel cannot carry; subclasses say what was asked and what the limit is. */
public class Cea608Exception extends RuntimeException {

  public Cea608Exception(String message) {
    super(message);
  }
}
