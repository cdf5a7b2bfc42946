package io.captiond.asr;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of a {@link Transcript}, as ASR workers reply over the event bus. */
public final class TranscriptJson {

  private TranscriptJson() {}

  public static JsonObject toJson(Transcript transcript) {
    JsonArray segments = new JsonArray();
    for (Segment segment : transcript.segments()) {
      JsonArray words = new JsonArray();
      for (Word word : segment.words()) {
        words.add(new JsonObject().put("text", word.text()).put("start", word.startMs())
            .put("end", word.endMs()).put("p", word.probability()));
      }
      segments.add(new JsonObject().put("text", segment.text()).put("start", segment.startMs())
          .put("end", segment.endMs()).put("words", words)
          .put("noSpeech", segment.noSpeechProbability()).put("avgLogProb", segment.avgLogProbability()));
    }
    return new JsonObject().put("language", transcript.language())
        .put("wordTiming", transcript.wordTiming().name()).put("segments", segments);
  }

  public static Transcript fromJson(JsonObject json) {
    List<Segment> segments = new ArrayList<>();
    for (Object s : json.getJsonArray("segments", new JsonArray())) {
      JsonObject segment = (JsonObject) s;
      List<Word> words = new ArrayList<>();
      for (Object w : segment.getJsonArray("words", new JsonArray())) {
        JsonObject word = (JsonObject) w;
        words.add(new Word(word.getString("text"), word.getLong("start"), word.getLong("end"),
            word.getDouble("p", 1.0)));
      }
      segments.add(new Segment(segment.getString("text"), segment.getLong("start"),
          segment.getLong("end"), words, segment.getDouble("noSpeech", 0.0),
          segment.getDouble("avgLogProb", 0.0)));
    }
    return new Transcript(segments, json.getString("language"),
        WordTiming.valueOf(json.getString("wordTiming", WordTiming.NONE.name())));
  }
}
