package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Small helpers for JSON bodies, query parameters and SQL values. */
final class Json {

  private Json() {}

  static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  static Long seconds(Duration d) {
    return d == null ? null : d.toSeconds();
  }

  static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().asJsonObject();
      if (b == null) {
        throw ApiError.badRequest("a JSON object body is required");
      }
      return b;
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw ApiError.badRequest("the body is not a JSON object");
    }
  }

  static String required(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw ApiError.badRequest("'" + field + "' is required");
    }
    return s.trim();
  }

  /**
   * The body's "note" where the body is optional: null when there is no body or the note is blank.
   */
  static String optionalNote(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return null;
    }
    String note = body(ctx).getString("note");
    return note == null || note.isBlank() ? null : note;
  }

  static String param(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  static Instant instant(RoutingContext ctx, String name, Instant dflt) {
    String v = param(ctx, name);
    if (v == null) {
      return dflt;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          "'" + name + "' must be an ISO-8601 instant such as 2026-11-23T07:45:12Z");
    }
  }

  static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = param(ctx, name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw ApiError.badRequest("'" + name + "' must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'" + name + "' must be a whole number");
    }
  }

  /**
   * A UUID from the path; anything else is simply not found (ids are not guessable, and nothing is
   * revealed).
   */
  static UUID pathId(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (RuntimeException e) {
      throw ApiError.notFound("not found");
    }
  }

  /**
   * The client's key for a write ({@code id}), so that the same write sent twice is stored once; a
   * fresh one when the client sends none.
   */
  static UUID clientKey(JsonObject body) {
    Object id = body.getValue("id");
    if (id == null) {
      return UUID.randomUUID();
    }
    try {
      return UUID.fromString(String.valueOf(id));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'id' must be a UUID (the client's key for this write)");
    }
  }

  static Double dbl(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        return d;
      }
    }
    throw ApiError.badRequest("'" + field + "' must be a number or null");
  }

  static JsonArray strings(Row r, int col) {
    String[] a = r.getArrayOfStrings(col);
    return a == null ? new JsonArray() : new JsonArray(java.util.Arrays.asList((Object[]) a));
  }
}
