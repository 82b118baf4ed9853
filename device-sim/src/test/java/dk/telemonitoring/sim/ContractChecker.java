package dk.telemonitoring.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An independent reading of docs/device-contract.md and the reject column of
 * docs/clinical-reference.md#validation, written from the documents rather than from the
 * simulator's code, to check what the simulator sends. Returns null when a payload is acceptable,
 * else the first problem found.
 */
public final class ContractChecker {
  private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Set<String> KINDS =
      Set.of("measurement", "spirometry", "questionnaire", "contact", "status");
  private static final Map<String, double[]> RANGES =
      Map.ofEntries(
          Map.entry("spo2", new double[] {0, 100}), Map.entry("pulse", new double[] {20, 300}),
          Map.entry("resp_rate", new double[] {0, 80}),
              Map.entry("temperature", new double[] {25, 45}),
          Map.entry("weight", new double[] {20, 350}),
              Map.entry("bp_systolic", new double[] {40, 300}),
          Map.entry("bp_diastolic", new double[] {20, 200}),
              Map.entry("fev1", new double[] {0.001, 8}),
          Map.entry("fvc", new double[] {0.001, 10}), Map.entry("fev6", new double[] {0.001, 10}),
          Map.entry("pef", new double[] {20, 1000}), Map.entry("cat", new double[] {0, 40}));
  private static final Map<String, Set<String>> UNITS =
      Map.ofEntries(
          Map.entry("spo2", Set.of("%")),
          Map.entry("pulse", Set.of("/min", "bpm")),
          Map.entry("temperature", Set.of("Cel", "°C", "C", "[degF]")),
          Map.entry("weight", Set.of("kg", "g", "[lb_av]")),
          Map.entry("bp_systolic", Set.of("mm[Hg]", "mmHg")),
          Map.entry("bp_diastolic", Set.of("mm[Hg]", "mmHg")));
  private static final Set<String> COLOURS =
      Set.of("clear", "white", "yellow", "green", "brown", "red");

  private ContractChecker() {}

  public static String problem(byte[] payload) {
    JsonObject o;
    try {
      o = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      return "not JSON";
    }
    if (!(o.getValue("v") instanceof Integer v) || v != 1) {
      return "v";
    }
    if (!(o.getValue("msgId") instanceof String id) || !MSG_ID.matcher(id).matches()) {
      return "msgId";
    }
    if (!(o.getValue("kind") instanceof String kind) || !KINDS.contains(kind)) {
      return "kind";
    }
    if (!kind.equals("status") && !isInstant(o.getValue("measuredAt"))) {
      return "measuredAt";
    }
    if (o.containsKey("sentAt") && !isInstant(o.getValue("sentAt"))) {
      return "sentAt";
    }
    JsonObject ctx = o.getJsonObject("context");
    if (ctx != null && ctx.containsKey("battery")) {
      if (!(ctx.getValue("battery") instanceof Number b)
          || b.doubleValue() < 0
          || b.doubleValue() > 100) {
        return "battery";
      }
    }
    return switch (kind) {
      case "measurement" -> measurement(o.getJsonArray("values"));
      case "spirometry" -> spirometry(o);
      case "questionnaire" -> questionnaire(o.getJsonObject("answers"));
      default -> null;
    };
  }

  private static String measurement(JsonArray values) {
    if (values == null || values.isEmpty()) {
      return "values";
    }
    Double systolic = null;
    Double diastolic = null;
    for (Object e : values) {
      JsonObject v = (JsonObject) e;
      String code = v.getString("code");
      if (!RANGES.containsKey(code)) {
        return "unknown code " + code;
      }
      if (!(v.getValue("value") instanceof Number n)) {
        return "value of " + code + " not a number";
      }
      double x = n.doubleValue();
      if (x < RANGES.get(code)[0] || x > RANGES.get(code)[1]) {
        return "impossible " + code;
      }
      if (UNITS.containsKey(code) && !UNITS.get(code).contains(v.getString("unit"))) {
        return "unit of " + code;
      }
      if (code.equals("bp_systolic")) {
        systolic = x;
      }
      if (code.equals("bp_diastolic")) {
        diastolic = x;
      }
    }
    if (systolic != null && diastolic != null && systolic <= diastolic) {
      return "systolic <= diastolic";
    }
    return null;
  }

  private static String spirometry(JsonObject o) {
    JsonObject units = o.getJsonObject("units");
    if (units == null
        || !"L".equals(units.getString("fev1"))
        || !"L".equals(units.getString("fvc"))
        || !"L/min".equals(units.getString("pef"))) {
      return "units";
    }
    JsonArray blows = o.getJsonArray("blows");
    if (blows == null || blows.isEmpty()) {
      return "blows";
    }
    for (Object b : blows) {
      JsonObject blow = (JsonObject) b;
      for (String code : new String[] {"fev1", "fvc", "fev6", "pef"}) {
        if (!(blow.getValue(code) instanceof Number n)) {
          return code + " not a number";
        }
        if (n.doubleValue() < RANGES.get(code)[0] || n.doubleValue() > RANGES.get(code)[1]) {
          return "impossible " + code;
        }
      }
    }
    return null;
  }

  private static String questionnaire(JsonObject a) {
    if (a == null) {
      return "answers";
    }
    if (a.containsKey("cat")) {
      if (!(a.getValue("cat") instanceof Integer cat) || cat < 0 || cat > 40) {
        return "cat";
      }
    }
    for (String b : new String[] {"breathless_more", "sputum_more", "fever"}) {
      if (a.containsKey(b) && !(a.getValue(b) instanceof Boolean)) {
        return b;
      }
    }
    if (a.containsKey("sputum_colour") && !COLOURS.contains(a.getString("sputum_colour"))) {
      return "sputum_colour";
    }
    return null;
  }

  private static boolean isInstant(Object value) {
    if (!(value instanceof String s)) {
      return false;
    }
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
