package io.captiond.ingest.rtmp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The AMF0 commands a publisher sends (RTMP 1.0 section 7.2.1 NetConnection, 7.2.2 NetStream, plus
 * the FMS conventions releaseStream/FCPublish/FCUnpublish that FFmpeg and OBS send). A command
 * message is: name (string), transaction id (number), command object (object or null), arguments.
 */
public sealed interface Command {

  /** The command name as sent: "connect", "publish", ... */
  String name();

  double transactionId();

  /** Section 7.2.1.1. */
  record Connect(double transactionId, Map<String, Object> properties) implements Command {
    public Connect {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    @Override
    public String name() {
      return "connect";
    }

    /** The application name, "live" in rtmp://host/live/key. */
    public String app() {
      return properties.get("app") instanceof String s ? s : null;
    }

    public String tcUrl() {
      return properties.get("tcUrl") instanceof String s ? s : null;
    }
  }

  record ReleaseStream(double transactionId, String streamName) implements Command {
    @Override
    public String name() {
      return "releaseStream";
    }
  }

  record FCPublish(double transactionId, String streamName) implements Command {
    @Override
    public String name() {
      return "FCPublish";
    }
  }

  /** Section 7.2.1.3. */
  record CreateStream(double transactionId) implements Command {
    @Override
    public String name() {
      return "createStream";
    }
  }

  /** Section 7.2.2.6: publishing name (the stream key) and type ("live", "record", "append"). */
  record Publish(double transactionId, String streamKey, String publishType) implements Command {
    @Override
    public String name() {
      return "publish";
    }
  }

  /**
   * The FMS end of a publish. FFmpeg and OBS name the stream; encoders that send a number or
   * nothing in its place end their publish all the same, so the name is optional.
   */
  record FCUnpublish(double transactionId, Optional<String> streamName) implements Command {
    public FCUnpublish(double transactionId, String streamName) {
      this(transactionId, Optional.of(streamName));
    }

    @Override
    public String name() {
      return "FCUnpublish";
    }
  }

  /**
   * Section 7.2.2.3: "the ID of the stream that is destroyed on the server", a number. GStreamer's
   * rtmp2sink sends the stream name (a string) instead, and some encoders send nothing: each form
   * is kept as sent, for the conversation to decide which publish it ends.
   */
  record DeleteStream(double transactionId, OptionalDouble streamId, Optional<String> streamName)
      implements Command {
    public DeleteStream(double transactionId, double streamId) {
      this(transactionId, OptionalDouble.of(streamId), Optional.empty());
    }

    @Override
    public String name() {
      return "deleteStream";
    }
  }

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
      case "FCUnpublish" -> new FCUnpublish(tx, optionalString(rest, 1));
      case "deleteStream" -> new DeleteStream(tx,
          rest.size() > 1 && rest.get(1) instanceof Double id
              ? OptionalDouble.of(id) : OptionalDouble.empty(),
          optionalString(rest, 1));
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

  /** An argument that may be a string, another type, or missing: only a string counts. */
  private static Optional<String> optionalString(List<Object> rest, int index) {
    return rest.size() > index && rest.get(index) instanceof String s
        ? Optional.of(s) : Optional.empty();
  }

  // the values are the peer's: escaped and cut before they reach a log line
  private static String describe(List<Object> values) {
    return PeerText.line(String.valueOf(values), 200);
  }
}
