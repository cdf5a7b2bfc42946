package io.captiond.session;

/** The confirmed text that conditions the next decode: the newest few hundred characters, cut at a word. */
final class PromptText {

  static final int MAX_CHARS = 200;

  private PromptText() {}

  static String append(String prompt, String confirmed) {
    String joined = prompt.isEmpty() ? confirmed.strip() : prompt + " " + confirmed.strip();
    if (joined.length() <= MAX_CHARS) {
      return joined;
    }
    String tail = joined.substring(joined.length() - MAX_CHARS);
    int space = tail.indexOf(' ');
    return space < 0 ? tail : tail.substring(space + 1);
  }
}
