package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.json.JsonText;
import dk.telemonitoring.sim.json.RawJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Turns a valid payload into a deliberately bad one of the requested {@link Fault}. Works on the
 * payload's structure, so the damage is precise: exactly one thing is wrong and the reason says
 * what.
 */
final class Corruptor {
  /**
   * Values no device can produce: each is outside the hub's reject range in
   * docs/clinical-reference.md#validation.
   */
  private static final Map<String, Double> IMPOSSIBLE =
      Map.of(
          "spo2",
          140.0,
          "pulse",
          400.0,
          "weight",
          500.0,
          "temperature",
          55.0,
          "bp_systolic",
          20.0,
          "bp_diastolic",
          250.0);

  record Result(String json, String reason) {}

  private Corruptor() {}

  @SuppressWarnings("unchecked")
  static Result corrupt(Fault fault, Map<String, Object> payload, RandomGenerator rng) {
    Map<String, Object> p = deepCopy(payload);
    String kind = (String) p.get("kind");
    switch (fault) {
      case INVALID_JSON -> {
        String full = JsonText.write(p);
        int cut = (int) (full.length() * (0.5 + 0.4 * rng.nextDouble()));
        return new Result(full.substring(0, cut), "truncated JSON at byte " + cut);
      }
      case NAN_NUMBER -> {
        String where = replaceFirstNumber(p, new RawJson("NaN"));
        return new Result(JsonText.write(p), "NaN in " + where);
      }
      case STRING_NUMBER -> {
        String where = replaceFirstNumber(p, null);
        return new Result(JsonText.write(p), "number as string in " + where);
      }
      case IMPOSSIBLE_VALUE -> {
        if ("measurement".equals(kind)) {
          Map<String, Object> v = ((List<Map<String, Object>>) p.get("values")).get(0);
          double bad = IMPOSSIBLE.getOrDefault((String) v.get("code"), -1.0);
          v.put("value", bad);
          return new Result(JsonText.write(p), "impossible " + v.get("code") + " " + bad);
        }
        if ("spirometry".equals(kind)) {
          ((List<Map<String, Object>>) p.get("blows")).get(0).put("fev1", 12.5);
          return new Result(JsonText.write(p), "impossible fev1 12.5 L");
        }
        if ("questionnaire".equals(kind)
            && ((Map<String, Object>) p.get("answers")).containsKey("cat")) {
          ((Map<String, Object>) p.get("answers")).put("cat", 55);
          return new Result(JsonText.write(p), "impossible cat 55");
        }
        p.put("v", -3);
        return new Result(JsonText.write(p), "impossible payload version -3");
      }
      case UNKNOWN_CODE -> {
        if ("measurement".equals(kind)) {
          ((List<Map<String, Object>>) p.get("values")).get(0).put("code", "blood_glucose_x");
          return new Result(JsonText.write(p), "unknown code blood_glucose_x");
        }
        if ("spirometry".equals(kind)) {
          ((Map<String, Object>) p.get("units")).put("fev1", "gallon");
          return new Result(JsonText.write(p), "unknown unit gallon");
        }
        if ("questionnaire".equals(kind)) {
          ((Map<String, Object>) p.get("answers")).put("sputum_colour", "purple");
          return new Result(JsonText.write(p), "unknown sputum_colour purple");
        }
        p.put("kind", "selfie");
        return new Result(JsonText.write(p), "unknown kind selfie");
      }
      case MISSING_FIELD -> {
        String field = p.containsKey("measuredAt") ? "measuredAt" : "msgId";
        p.remove(field);
        return new Result(JsonText.write(p), "missing " + field);
      }
      default -> throw new IllegalStateException(fault.name());
    }
  }

  /**
   * Replaces the first clinically meaningful number; with null the number is turned into its
   * string.
   */
  @SuppressWarnings("unchecked")
  private static String replaceFirstNumber(Map<String, Object> p, Object replacement) {
    Object values = p.get("values");
    if (values instanceof List<?> list && !list.isEmpty()) {
      Map<String, Object> v = (Map<String, Object>) list.get(0);
      v.put("value", replacement != null ? replacement : String.valueOf(v.get("value")));
      return "values[0].value";
    }
    Object blows = p.get("blows");
    if (blows instanceof List<?> list && !list.isEmpty()) {
      Map<String, Object> b = (Map<String, Object>) list.get(0);
      b.put("fev1", replacement != null ? replacement : String.valueOf(b.get("fev1")));
      return "blows[0].fev1";
    }
    Object answers = p.get("answers");
    if (answers instanceof Map<?, ?> a && a.containsKey("cat")) {
      Map<String, Object> m = (Map<String, Object>) a;
      m.put("cat", replacement != null ? replacement : String.valueOf(m.get("cat")));
      return "answers.cat";
    }
    p.put("v", replacement != null ? replacement : "1");
    return "v";
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      return (T) new java.util.ArrayList<>(list.stream().map(Corruptor::deepCopy).toList());
    }
    return value;
  }
}
