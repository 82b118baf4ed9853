package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.OnCallRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The fields of a rota change (a rotation or an override) as the admin screen sends them, each read
 * with a reason a person can act on when it is missing or wrong.
 */
final class RotaForm {

  private RotaForm() {}

  static OnCallRole role(JsonObject body) {
    String text = Json.required(body, "role");
    try {
      return OnCallRole.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'role' must be one of " + Arrays.toString(OnCallRole.values()));
    }
  }

  static LocalDate date(JsonObject body, String field) {
    try {
      return LocalDate.parse(Json.required(body, field));
    } catch (DateTimeException e) {
      throw ApiError.badRequest("'" + field + "' must be a date such as 2026-11-30");
    }
  }

  /** An optional date: null when the field is absent or null. */
  static LocalDate optionalDate(JsonObject body, String field) {
    return body.getValue(field) == null ? null : date(body, field);
  }

  /** A rotation's last day, when it has one, is not before its first. */
  static void lastNotBeforeFirst(LocalDate last, LocalDate first) {
    if (last != null && last.isBefore(first)) {
      throw ApiError.badRequest("'lastDate' cannot come before 'anchorDate'");
    }
  }

  static Instant instant(JsonObject body, String field) {
    try {
      return Instant.parse(Json.required(body, field));
    } catch (DateTimeException e) {
      throw ApiError.badRequest(
          "'" + field + "' must be an ISO-8601 instant such as 2026-11-30T07:00:00Z");
    }
  }

  static int wholeNumber(JsonObject body, String field, int min, int max) {
    Object v = body.getValue(field);
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw ApiError.badRequest(
          "'" + field + "' must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  static List<LocalTime> handoverTimes(JsonObject body) {
    if (!(body.getValue("handoverTimes") instanceof JsonArray a) || a.isEmpty()) {
      throw ApiError.badRequest(
          "'handoverTimes' must be a non-empty list of local times such as [\"08:00\"]");
    }
    Set<LocalTime> times = new LinkedHashSet<>();
    for (Object o : a) {
      try {
        if (!times.add(LocalTime.parse((String) o))) {
          throw ApiError.badRequest("'handoverTimes' lists " + o + " twice");
        }
      } catch (DateTimeException | ClassCastException e) {
        throw ApiError.badRequest(
            "'handoverTimes': '" + o + "' is not a time of day such as 08:00");
      }
    }
    return List.copyOf(times);
  }

  static List<UUID> userIds(Object value, String field) {
    if (!(value instanceof JsonArray a) || a.isEmpty()) {
      throw ApiError.badRequest(field + " must be a non-empty list of user ids");
    }
    List<UUID> out = new ArrayList<>();
    for (Object o : a) {
      try {
        out.add(UUID.fromString((String) o));
      } catch (RuntimeException e) {
        throw ApiError.badRequest(field + ": '" + o + "' is not a user id");
      }
    }
    return out;
  }
}
