package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.SeenFindings;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A resolve request's {@code seenFindings}: each live finding's rule id and the time of its newest
 * reading, as the person's screen showed them. Optional: an API client without it resolves
 * unchecked, as before.
 */
final class SeenFindingsJson {

  private SeenFindingsJson() {}

  /** Null when the request carries none. */
  static SeenFindings of(JsonObject body) {
    Object raw = body.getValue("seenFindings");
    if (raw == null) return null;
    if (!(raw instanceof JsonObject seen)) {
      throw ApiError.badRequest(
          "'seenFindings' must map each rule id to the time of its newest reading shown");
    }
    Map<String, Instant> byRule = new HashMap<>();
    for (String rule : seen.fieldNames()) {
      byRule.put(rule, instant(rule, seen.getValue(rule)));
    }
    return new SeenFindings(byRule);
  }

  private static Instant instant(String rule, Object at) {
    try {
      if (at instanceof String text) return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw ApiError.badRequest("'seenFindings." + rule + "' must be an ISO-8601 instant");
  }
}
