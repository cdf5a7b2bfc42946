package io.captiond.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link TranslationRequest}: one translated unit per source unit, in order, each
 * with its source unit's span; and the engine that translated them.
 */
public record TranslationReply(String engine, LanguagePair pair, List<TranslationUnit> units) {

  public TranslationReply {
    units = List.copyOf(units);
  }

  public JsonObject toJson() {
    return new JsonObject().put("engine", engine).put("source", pair.source()).put("target", pair.target())
        .put("units", new JsonArray(units.stream().map(TranslationUnit::toJson).toList()));
  }

  public static TranslationReply fromJson(JsonObject json) {
    return new TranslationReply(json.getString("engine"),
        new LanguagePair(json.getString("source"), json.getString("target")), units(json.getJsonArray("units")));
  }

  static List<TranslationUnit> units(JsonArray array) {
    List<TranslationUnit> units = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      units.add(TranslationUnit.fromJson(array.getJsonObject(i)));
    }
    return units;
  }
}
