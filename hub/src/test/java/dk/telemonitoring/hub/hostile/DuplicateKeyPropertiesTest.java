package dk.telemonitoring.hub.hostile;

import static dk.telemonitoring.hub.hostile.PayloadGenerators.number;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.pick;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * "No payload read two ways", for any generated message: one name written twice in one of its
 * objects, at any depth, is always quarantined as {@code duplicate_key}; the same message with each
 * name once never is. Seeded as {@link PayloadDecoderPropertiesFixture} says.
 */
class DuplicateKeyPropertiesTest extends PayloadDecoderPropertiesFixture {

  /**
   * "No payload read two ways": a generated message with one name written twice in one of its
   * objects (at any depth, with the same or another value) is always quarantined as {@code
   * duplicate_key} and never yields a reading, whatever else is wrong with it; the same message
   * written once is never taken for a duplicate.
   */
  @Test
  void aNameGivenTwiceAtAnyDepthIsAlwaysQuarantinedAsDuplicateKey() {
    Map<Integer, Integer> depths = new TreeMap<>();
    Map<String, Integer> outcomes =
        forEachInput(
            2000,
            r -> duplicated(r, depths),
            d -> Buffer.buffer(d.text().getBytes(StandardCharsets.UTF_8)),
            Duplicated::describe,
            "duplicate_key");
    assertThat(depths.keySet())
        .as("duplicates generated at depths %s, %s", depths, REPRODUCE)
        .contains(0, 1, 2, 3, 6);
    assertThat(outcomes).containsOnlyKeys("duplicate_key");
    // Control: the same messages, each name once, reach every other outcome but this one.
    Map<String, Integer> once =
        forEachInput(
            2000,
            r -> duplicated(r, new TreeMap<>()),
            d -> Buffer.buffer(d.original().getBytes(StandardCharsets.UTF_8)),
            Duplicated::describe);
    assertThat(once).doesNotContainKey("duplicate_key").containsKey("accepted measurement");
  }

  record Duplicated(String original, String text, String where) {
    String describe() {
      return "name twice at " + where + ": " + escaped(text);
    }
  }

  /**
   * A generated message (sometimes with a chain of nested objects in its context, for depth)
   * written out with one name of one of its objects, chosen uniformly among all objects at every
   * depth, written twice.
   */
  private Duplicated duplicated(SplittableRandom r, Map<Integer, Integer> depths) {
    JsonObject json = message(r);
    if (r.nextBoolean()) {
      JsonObject context = json.getJsonObject("context", new JsonObject());
      JsonObject deepest = context;
      for (int i = 1 + r.nextInt(12); i > 0; i--) {
        JsonObject inner = new JsonObject().put("n", number(r));
        deepest.put(pick(r, "nested", "n", "x"), inner);
        deepest = inner;
      }
      json.put("context", context);
    }
    List<Map.Entry<String, JsonObject>> objects = new ArrayList<>();
    collectObjects("", json, objects);
    List<Map.Entry<String, JsonObject>> named =
        objects.stream().filter(e -> !e.getValue().isEmpty()).toList();
    Map.Entry<String, JsonObject> target = pick(r, named);
    String name = pick(r, new ArrayList<>(target.getValue().fieldNames()));
    Object second = r.nextBoolean() ? target.getValue().getValue(name) : number(r);
    depths.merge((int) target.getKey().chars().filter(c -> c == '/').count(), 1, Integer::sum);
    return new Duplicated(
        json.encode(), write(json, target.getValue(), name, second), target.getKey() + "/" + name);
  }

  /**
   * Every object in the tree with its JSON pointer: the root is "", an object in an array is
   * /values/0.
   */
  private static void collectObjects(
      String path, Object value, List<Map.Entry<String, JsonObject>> out) {
    if (value instanceof JsonObject o) {
      out.add(Map.entry(path, o));
      o.forEach(e -> collectObjects(path + "/" + e.getKey(), e.getValue(), out));
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        collectObjects(path + "/" + i, a.getValue(i), out);
      }
    }
  }

  /**
   * JSON text of {@code value}; in the object {@code twice} (by identity), {@code name} is written
   * again last.
   */
  private static String write(Object value, JsonObject twice, String name, Object second) {
    if (value instanceof JsonObject o) {
      StringBuilder out = new StringBuilder("{");
      o.forEach(
          e ->
              out.append(out.length() > 1 ? "," : "")
                  .append(Json.encode(e.getKey()))
                  .append(':')
                  .append(write(e.getValue(), twice, name, second)));
      if (o == twice) {
        out.append(',')
            .append(Json.encode(name))
            .append(':')
            .append(write(second, twice, name, second));
      }
      return out.append('}').toString();
    }
    if (value instanceof JsonArray a) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < a.size(); i++) {
        out.append(i > 0 ? "," : "").append(write(a.getValue(i), twice, name, second));
      }
      return out.append(']').toString();
    }
    return Json.encode(value);
  }
}
