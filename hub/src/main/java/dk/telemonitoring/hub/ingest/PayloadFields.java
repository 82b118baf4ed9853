package dk.telemonitoring.hub.ingest;

import static dk.telemonitoring.hub.reading.Rejection.reject;

import dk.telemonitoring.hub.reading.RejectReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A payload's fields read strictly: missing and wrongly typed fields are refused with the field's
 * name, never guessed.
 */
final class PayloadFields {

  private PayloadFields() {}

  static String requiredString(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) {
      throw reject(RejectReason.MISSING_FIELD, "'" + field + "'");
    }
    if (!(v instanceof String s)) {
      throw reject(RejectReason.WRONG_TYPE, "'" + field + "' must be a string");
    }
    return s;
  }

  static double requiredNumber(JsonObject json, String field, String what) {
    Object v = json.getValue(field);
    if (v == null) {
      throw reject(RejectReason.MISSING_FIELD, "'" + field + "' of " + what);
    }
    if (!(v instanceof Number n)) {
      throw reject(
          RejectReason.WRONG_TYPE,
          "'"
              + field
              + "' of "
              + what
              + " must be a JSON number, not "
              + (v instanceof String ? "a string" : v.getClass().getSimpleName()));
    }
    return n.doubleValue();
  }

  static JsonArray requiredArray(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) {
      throw reject(RejectReason.MISSING_FIELD, "'" + field + "'");
    }
    if (!(v instanceof JsonArray a)) {
      throw reject(RejectReason.WRONG_TYPE, "'" + field + "' must be an array");
    }
    return a;
  }

  static Instant requiredTime(JsonObject json, String field) {
    requiredString(json, field);
    return optionalTime(json, field, null);
  }

  static Instant optionalTime(JsonObject json, String field, Instant fallback) {
    Object v = json.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw reject(RejectReason.WRONG_TYPE, "'" + field + "' must be an ISO-8601 time string");
    }
    try {
      return IsoOffsetTime.parse(s);
    } catch (DateTimeParseException e) {
      throw reject(RejectReason.WRONG_TYPE, "'" + field + "' is not an ISO-8601 time with offset");
    }
  }
}
