package io.captiond.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries a viewer token into a playlist: every URI it lists (a URI line, or a tag's {@code URI="..."}) that points
 * back at this server gets {@code token=<token>} in its query, so that a player that only knows the master's
 * address (hls.js, Safari, ffmpeg) sends the token with every playlist and segment it fetches. Absolute URIs (an
 * HLS source's own variants, on another origin) are left alone: the token is never sent elsewhere.
 */
final class PlaylistTokens {

  private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");
  private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private PlaylistTokens() {}

  static String carry(String playlist, String token) {
    StringBuilder out = new StringBuilder(playlist.length() + 256);
    for (String line : playlist.split("\n", -1)) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      String text = line.strip();
      if (text.isEmpty()) {
        out.append(line);
      } else if (text.startsWith("#")) {
        Matcher uri = URI_ATTRIBUTE.matcher(line);
        StringBuilder tag = new StringBuilder();
        while (uri.find()) {
          uri.appendReplacement(tag, Matcher.quoteReplacement("URI=\"" + withToken(uri.group(1), token) + "\""));
        }
        uri.appendTail(tag);
        out.append(tag);
      } else {
        out.append(withToken(text, token));
      }
    }
    return out.toString();
  }

  static String withToken(String uri, String token) {
    if (HAS_SCHEME.matcher(uri).find() || uri.startsWith("//")) {
      return uri;
    }
    int fragment = uri.indexOf('#');
    String head = fragment < 0 ? uri : uri.substring(0, fragment);
    String tail = fragment < 0 ? "" : uri.substring(fragment);
    return head + (head.contains("?") ? "&" : "?") + ViewerGate.TOKEN_PARAM + "=" + token + tail;
  }
}
