package io.captiond.ingest.rtmp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF0 commands a publisher sends (RTMP 1.0 section 7.2.1 NetConnection, 7.2.2 NetStream, plus
 * the FMS conventions releaseStream/FCPublish/FCUnpublish that FFmpeg and OBS send). A command
 * message is: name (string), transaction id (number), command object (object or null), arguments.
 */
public sealed interface Command {

  double transactionId();

  /** Section 7.2.1.1. */
  record Connect(double transactionId, Map<String, Object> properties) implements Command {
    public Connect {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The application name, "live" in rtmp://host/live/key. */
    public String app() {
      return properties.get("app") instanceof String s ? s : null;
    }

    public String tcUrl() {
      return properties.get("tcUrl") instanceof String s ? s : null;
    }
  }

  record ReleaseStream(double transactionId, String streamName) implements Command {}

  record FCPublish(double transactionId, String streamName) implements Command {}

  /** Section 7.2.1.3. */
  record CreateStream(double transactionId) implements Command {}

  /** Section 7.2.2.6: publishing name (the stream key) and type ("live", "record", "append"). */
  record Publish(double transactionId, String streamKey, String publishType) implements Command {}

  record FCUnpublish(double transactionId, String streamName) implements Command {}

  /** Section 7.2.2.3. */
  record DeleteStream(double transactionId, double streamId) implements Command {}

  /** Any other command (closeStream, getStreamLength, _checkbw, ...), kept as values. */
  record Other(String name, double transactionId, List<Object> arguments) implements Command {}

  /** Reads the values of a command message; throws if the shape is not a command's. */
  static Command parse(List<Object> values) {
    if (values.size() < 2 || !(values.get(0) instanceof String name)
        || !(values.get(1) instanceof Double transactionId)) {
      throw new ProtocolException("a command starts with a name string and a transaction id"
          + " number; got " + describe(values));
    }
    double tx = transactionId;
    List<Object> rest = values.subList(2, values.size());
    return switch (name) {
      case "connect" -> {
        if (rest.isEmpty() || !(rest.get(0) instanceof Map<?, ?> object)) {
          throw new ProtocolException("connect needs a command object; got " + describe(values));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) object;
        yield new Connect(tx, properties);
      }
      case "releaseStream" -> new ReleaseStream(tx, string(name, rest, 1));
      case "FCPublish" -> new FCPublish(tx, string(name, rest, 1));
      case "createStream" -> new CreateStream(tx);
      case "publish" -> new Publish(tx, string(name, rest, 1),
          rest.size() > 2 && rest.get(2) instanceof String type ? type : "live");
      case "FCUnpublish" -> new FCUnpublish(tx, string(name, rest, 1));
      case "deleteStream" -> {
        if (rest.size() < 2 || !(rest.get(1) instanceof Double id)) {
          throw new ProtocolException("deleteStream needs a stream id number; got "
              + describe(values));
        }
        yield new DeleteStream(tx, id);
      }
      default -> new Other(name, tx, Collections.unmodifiableList(new ArrayList<>(rest)));
    };
  }

  private static String string(String command, List<Object> rest, int index) {
    if (rest.size() <= index || !(rest.get(index) instanceof String s)) {
      throw new ProtocolException(command + " needs a string argument " + index + "; got "
          + describe(rest));
    }
    return s;
  }

  private static String describe(List<Object> values) {
    String s = String.valueOf(values);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
