package dk.telemonitoring.sim.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds contract payloads (docs/device-contract.md, version 1) as ordered maps, so the bytes are
 * stable and a fault can be injected into the structure before it is written.
 */
public final class Payloads {
  public static final int VERSION = 1;

  private Payloads() {}

  /** One value of a {@code measurement}: code, number, UCUM unit. */
  public record Value(String code, double value, String unit) {}

  public static Map<String, Object> measurement(
      String msgId,
      Instant measuredAt,
      Instant sentAt,
      List<Value> values,
      Map<String, Object> context) {
    Map<String, Object> p = header(msgId, "measurement", measuredAt, sentAt);
    List<Object> list = new ArrayList<>();
    for (Value v : values) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", v.code());
      m.put("value", v.value());
      m.put("unit", v.unit());
      list.add(m);
    }
    p.put("values", list);
    putContext(p, context);
    return p;
  }

  /** A spirometry session; each blow maps fev1/fvc/fev6 (L) and pef (L/min). */
  public static Map<String, Object> spirometry(
      String msgId,
      Instant measuredAt,
      Instant sentAt,
      List<Map<String, Object>> blows,
      Map<String, Object> context) {
    Map<String, Object> p = header(msgId, "spirometry", measuredAt, sentAt);
    Map<String, Object> units = new LinkedHashMap<>();
    units.put("fev1", "L");
    units.put("fvc", "L");
    units.put("fev6", "L");
    units.put("pef", "L/min");
    p.put("units", units);
    p.put("blows", blows);
    putContext(p, context);
    return p;
  }

  public static Map<String, Object> questionnaire(
      String msgId,
      Instant measuredAt,
      Instant sentAt,
      Map<String, Object> answers,
      Map<String, Object> context) {
    Map<String, Object> p = header(msgId, "questionnaire", measuredAt, sentAt);
    p.put("answers", answers);
    putContext(p, context);
    return p;
  }

  public static Map<String, Object> contact(
      String msgId, Instant measuredAt, Instant sentAt, String reason, String text) {
    Map<String, Object> p = header(msgId, "contact", measuredAt, sentAt);
    p.put("reason", reason);
    p.put("text", text);
    return p;
  }

  public static Map<String, Object> status(
      String msgId, Instant sentAt, Map<String, Object> context) {
    Map<String, Object> p = header(msgId, "status", null, sentAt);
    putContext(p, context);
    return p;
  }

  private static Map<String, Object> header(
      String msgId, String kind, Instant measuredAt, Instant sentAt) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("v", VERSION);
    p.put("msgId", msgId);
    p.put("kind", kind);
    if (measuredAt != null) {
      p.put("measuredAt", measuredAt);
    }
    if (sentAt != null) {
      p.put("sentAt", sentAt);
    }
    return p;
  }

  private static void putContext(Map<String, Object> p, Map<String, Object> context) {
    if (context != null && !context.isEmpty()) {
      p.put("context", context);
    }
  }
}
