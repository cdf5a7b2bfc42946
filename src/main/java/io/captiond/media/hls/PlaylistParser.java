package io.captiond.media.hls;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses master and media playlists (RFC 8216 §4) strictly: a playlist that breaks a rule is
 * refused with an {@link HlsPlaylistException} naming the line, never repaired. Unknown tags are
 * ignored (§6.3.1). One parser per playlist: it is a state machine that ends in {@code DONE} or
 * {@code CORRUPT}.
 */
public final class PlaylistParser {

  private enum State { HEADER, TAGS, URI_AFTER_EXTINF, URI_AFTER_STREAM_INF, DONE, CORRUPT }

  private static final long MAX_TARGET_DURATION_S = 3_600;
  /** Compiled once: every segment of every playlist read goes through them. */
  private static final Pattern DURATION = Pattern.compile("[0-9]{1,9}(\\.[0-9]*)?");
  private static final Pattern DECIMAL_INTEGER = Pattern.compile("[0-9]{1,18}");

  private final int maxBytes;
  private final int maxSegments;

  private State state = State.HEADER;
  private URI base;
  private int lineNumber;
  // media playlist
  private long targetDurationS = -1;
  private long mediaSequence;
  private long discontinuitySequence;
  private boolean endList;
  private boolean pendingDiscontinuity;
  private long pendingDurationMs;
  private int extinfLine;
  private long discontinuities;
  private URI initSection;
  private final List<MediaSegment> segments = new ArrayList<>();
  // master playlist
  private Map<String, String> pendingVariant;
  private final List<MasterPlaylist.Variant> variants = new ArrayList<>();
  private final List<MasterPlaylist.Rendition> renditions = new ArrayList<>();

  public PlaylistParser(int maxBytes, int maxSegments) {
    this.maxBytes = maxBytes;
    this.maxSegments = maxSegments;
  }

  public Playlist parse(URI uri, byte[] body) throws HlsPlaylistException {
    if (state != State.HEADER) {
      throw new IllegalStateException("a parser reads one playlist");
    }
    base = uri;
    try {
      if (body.length > maxBytes) {
        throw new HlsPlaylistException(0, "playlist is " + body.length + " bytes, more than the limit of "
            + maxBytes + " (hls.playlist_max_bytes)");
      }
      String text = utf8(body);
      int start = 0;
      while (start < text.length()) {
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end < 0 ? text.length() : end);
        start = end < 0 ? text.length() : end + 1;
        lineNumber++;
        accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      }
      return finish();
    } catch (HlsPlaylistException e) {
      state = State.CORRUPT;
      throw e;
    }
  }

  private static String utf8(byte[] body) throws HlsPlaylistException {
    // §4.1: UTF-8 without BOM; clients SHOULD fail to parse playlists that contain a BOM or are not UTF-8.
    if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
      throw new HlsPlaylistException(1, "playlist starts with a byte order mark (§4.1 forbids it)");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new HlsPlaylistException(0, "playlist is not UTF-8 text (§4.1)");
    }
  }

  private void accept(String line) throws HlsPlaylistException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      // §4.1: no control characters but CR and LF
      if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
        throw fail("control character 0x" + Integer.toHexString(c) + " (§4.1 forbids them)");
      }
    }
    if (state == State.HEADER) {
      // §4.3.1.1: "It MUST be the first line of every Media Playlist and every Master Playlist."
      if (!line.strip().equals("#EXTM3U")) {
        throw fail("first line must be #EXTM3U (§4.3.1.1), was '" + abbreviate(line) + "'");
      }
      state = State.TAGS;
      return;
    }
    if (line.isBlank()) {
      return; // §4.1: blank lines are ignored
    }
    if (line.startsWith("#")) {
      if (line.startsWith("#EXT")) {
        tag(line);
      }
      return; // other lines starting with # are comments
    }
    uri(line.strip());
  }

  private void tag(String line) throws HlsPlaylistException {
    int colon = line.indexOf(':');
    String name = colon < 0 ? line.substring(1) : line.substring(1, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (state == State.URI_AFTER_STREAM_INF && name.equals("EXT-X-STREAM-INF")
        || state == State.URI_AFTER_EXTINF && name.equals("EXTINF")) {
      throw fail("#" + name + " without a URI line after the previous one");
    }
    switch (name) {
      case "EXTM3U" -> throw fail("#EXTM3U again: only the first line may hold it");
      case "EXT-X-TARGETDURATION" -> {
        mediaTag(name);
        // §4.3.3.1: decimal-integer seconds, REQUIRED
        targetDurationS = decimalInteger(name, value);
        if (targetDurationS < 1 || targetDurationS > MAX_TARGET_DURATION_S) {
          throw fail("EXT-X-TARGETDURATION must be 1 to " + MAX_TARGET_DURATION_S + " seconds, was " + value);
        }
      }
      case "EXT-X-MEDIA-SEQUENCE" -> {
        mediaTag(name);
        beforeFirstSegment(name, "§4.3.3.2");
        mediaSequence = decimalInteger(name, value);
      }
      case "EXT-X-DISCONTINUITY-SEQUENCE" -> {
        mediaTag(name);
        beforeFirstSegment(name, "§4.3.3.3");
        if (discontinuities > 0) {
          throw fail("EXT-X-DISCONTINUITY-SEQUENCE after an EXT-X-DISCONTINUITY (§4.3.3.3)");
        }
        discontinuitySequence = decimalInteger(name, value);
      }
      case "EXTINF" -> {
        mediaTag(name);
        pendingDurationMs = extinf(value);
        extinfLine = lineNumber;
        state = State.URI_AFTER_EXTINF;
      }
      case "EXT-X-DISCONTINUITY" -> {
        mediaTag(name);
        pendingDiscontinuity = true;
        discontinuities++;
      }
      case "EXT-X-ENDLIST" -> {
        mediaTag(name);
        endList = true;
      }
      case "EXT-X-KEY" -> {
        mediaTag(name);
        String method = AttributeList.parse(value, lineNumber).get("METHOD");
        if (method == null) {
          throw fail("EXT-X-KEY without METHOD (§4.3.2.4)");
        }
        if (!method.equals("NONE")) {
          throw fail("segments are encrypted (EXT-X-KEY METHOD=" + method
              + "); captiond reads only unencrypted HLS (METHOD=NONE)");
        }
      }
      case "EXT-X-MAP" -> {
        mediaTag(name);
        Map<String, String> attributes = AttributeList.parse(value, lineNumber);
        if (attributes.containsKey("BYTERANGE")) {
          throw fail("EXT-X-MAP with BYTERANGE is not supported");
        }
        String uri = attributes.get("URI");
        if (uri == null) {
          throw fail("EXT-X-MAP without URI (§4.3.2.5)");
        }
        initSection = resolve(uri);
      }
      case "EXT-X-BYTERANGE" -> throw fail("EXT-X-BYTERANGE (sub-range segments) is not supported");
      case "EXT-X-STREAM-INF" -> {
        masterTag(name);
        pendingVariant = AttributeList.parse(value, lineNumber);
        state = State.URI_AFTER_STREAM_INF;
      }
      case "EXT-X-MEDIA" -> {
        masterTag(name);
        rendition(AttributeList.parse(value, lineNumber));
      }
      default -> {
        // §6.3.1: clients MUST ignore any unrecognized tags
      }
    }
  }

  private void uri(String text) throws HlsPlaylistException {
    if (state == State.URI_AFTER_STREAM_INF) {
      String bandwidth = pendingVariant.get("BANDWIDTH");
      if (bandwidth == null) {
        throw fail("EXT-X-STREAM-INF without BANDWIDTH (§4.3.4.2: REQUIRED)");
      }
      variants.add(new MasterPlaylist.Variant(resolve(text), decimalInteger("BANDWIDTH", bandwidth),
          pendingVariant.get("CODECS"), pendingVariant.get("AUDIO")));
      pendingVariant = null;
      state = State.TAGS;
      return;
    }
    if (state != State.URI_AFTER_EXTINF) {
      // §4.3.2.1: "This tag is REQUIRED for each Media Segment."
      throw fail("URI '" + abbreviate(text) + "' without a preceding #EXTINF or #EXT-X-STREAM-INF");
    }
    if (segments.size() >= maxSegments) {
      throw fail("more than " + maxSegments + " segments (hls.playlist_max_segments)");
    }
    segments.add(new MediaSegment(mediaSequence + segments.size(), resolve(text), pendingDurationMs,
        pendingDiscontinuity, discontinuitySequence + discontinuities, initSection));
    pendingDiscontinuity = false;
    state = State.TAGS;
  }

  private Playlist finish() throws HlsPlaylistException {
    if (state == State.HEADER) {
      throw new HlsPlaylistException(0, "playlist is empty: first line must be #EXTM3U (§4.3.1.1)");
    }
    if (state == State.URI_AFTER_EXTINF) {
      throw new HlsPlaylistException(extinfLine, "playlist ends after #EXTINF without the segment's URI (truncated?)");
    }
    if (state == State.URI_AFTER_STREAM_INF) {
      throw fail("playlist ends after #EXT-X-STREAM-INF without the variant's URI (truncated?)");
    }
    state = State.DONE;
    if (!variants.isEmpty()) {
      return new MasterPlaylist(base, variants, renditions);
    }
    if (!renditions.isEmpty()) {
      throw new HlsPlaylistException(0, "master playlist without any EXT-X-STREAM-INF variant");
    }
    if (targetDurationS < 0) {
      throw new HlsPlaylistException(0, "media playlist without EXT-X-TARGETDURATION (§4.3.3.1: REQUIRED)");
    }
    for (MediaSegment segment : segments) {
      // §4.3.3.1: "The EXTINF duration of each Media Segment in the Playlist file, when rounded to the
      // nearest integer, MUST be less than or equal to the target duration"
      if (Math.round(segment.durationMs() / 1000.0) > targetDurationS) {
        throw new HlsPlaylistException(0, "segment " + segment.sequence() + " lasts " + segment.durationMs()
            + " ms, longer than EXT-X-TARGETDURATION " + targetDurationS + " s (§4.3.3.1)");
      }
    }
    return new MediaPlaylist(base, targetDurationS * 1000, mediaSequence, segments, endList);
  }

  private void rendition(Map<String, String> attributes) throws HlsPlaylistException {
    String type = attributes.get("TYPE");
    String group = attributes.get("GROUP-ID");
    String name = attributes.get("NAME");
    if (type == null || group == null || name == null) {
      throw fail("EXT-X-MEDIA needs TYPE, GROUP-ID and NAME (§4.3.4.1)");
    }
    if (type.equals("AUDIO")) {
      String uri = attributes.get("URI");
      renditions.add(new MasterPlaylist.Rendition(group, name, "YES".equals(attributes.get("DEFAULT")),
          uri == null ? null : resolve(uri)));
    }
  }

  private long extinf(String value) throws HlsPlaylistException {
    // §4.3.2.1: #EXTINF:<duration>,[<title>]; duration a decimal-floating-point or decimal-integer
    int comma = value.indexOf(',');
    String duration = (comma < 0 ? value : value.substring(0, comma)).strip();
    if (!DURATION.matcher(duration).matches()) {
      throw fail("EXTINF duration must be a non-negative number of seconds, was '" + abbreviate(duration) + "'");
    }
    return Math.round(Double.parseDouble(duration) * 1000);
  }

  private long decimalInteger(String name, String value) throws HlsPlaylistException {
    // §4.2: decimal-integer: unquoted digits 0-9, 0 to 2^64-1 (we accept up to 2^63-1)
    String digits = value.strip();
    if (!DECIMAL_INTEGER.matcher(digits).matches()) {
      throw fail(name + " must be a non-negative whole number, was '" + abbreviate(value) + "'");
    }
    return Long.parseLong(digits);
  }

  private void mediaTag(String name) throws HlsPlaylistException {
    if (!variants.isEmpty() || pendingVariant != null || !renditions.isEmpty()) {
      throw fail("media playlist tag #" + name + " in a master playlist (§4.3.4: a playlist is one or the other)");
    }
  }

  private void masterTag(String name) throws HlsPlaylistException {
    if (!segments.isEmpty() || targetDurationS >= 0 || state == State.URI_AFTER_EXTINF) {
      throw fail("master playlist tag #" + name + " in a media playlist (§4.3.4: a playlist is one or the other)");
    }
  }

  private void beforeFirstSegment(String name, String section) throws HlsPlaylistException {
    if (!segments.isEmpty() || state == State.URI_AFTER_EXTINF) {
      throw fail(name + " after the first segment (" + section + ": it MUST appear before)");
    }
  }

  private URI resolve(String reference) throws HlsPlaylistException {
    try {
      URI resolved = base.resolve(new URI(reference));
      String scheme = resolved.getScheme();
      if (scheme == null || !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
        throw fail("URI '" + abbreviate(reference) + "' is not http or https");
      }
      return resolved;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw fail("bad URI '" + abbreviate(reference) + "': " + e.getMessage());
    }
  }

  private HlsPlaylistException fail(String why) {
    return new HlsPlaylistException(lineNumber, why);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }
}
