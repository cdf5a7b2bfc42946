package io.captiond.ingest.rtmp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stream metadata from a data message (type 18): {@code @setDataFrame, onMetaData, {...}} as FFmpeg
 * and OBS send it, or a bare {@code onMetaData, {...}}. The properties come from an ECMA array or an
 * object (width, height, framerate, audiosamplerate, encoder, ...).
 */
public record MetaData(Map<String, Object> properties) {

  public MetaData {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** The metadata in a data message's values, or empty if the message is another data message. */
  public static Optional<MetaData> parse(List<Object> values) {
    int at = 0;
    if (!values.isEmpty() && "@setDataFrame".equals(values.get(0))) {
      at = 1;
    }
    if (values.size() < at + 2 || !"onMetaData".equals(values.get(at))) {
      return Optional.empty();
    }
    Object body = values.get(at + 1);
    Map<String, Object> map;
    if (body instanceof Amf0.EcmaArray array) {
      map = array.entries();
    } else if (body instanceof Map<?, ?> object) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) object;
      map = typed;
    } else {
      throw new MessageException("onMetaData carries " + body + "; it must carry an object or"
          + " an ECMA array");
    }
    return Optional.of(new MetaData(map));
  }
}
