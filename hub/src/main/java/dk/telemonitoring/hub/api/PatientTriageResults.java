package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.store.TriageResultQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;

/** A patient's triage results with their explanations, at or above a level. */
final class PatientTriageResults {

  private static final List<String> LEVELS = List.of("GREEN", "YELLOW", "RED", "CRITICAL");

  private final TriageResultQueries results;

  PatientTriageResults(Pool pool) {
    this.results = new TriageResultQueries(pool);
  }

  Future<JsonObject> list(PatientRef ref, Instant from, Instant to, String minLevel, int limit) {
    int minRank = minLevel == null ? 0 : LEVELS.indexOf(minLevel.toUpperCase());
    if (minRank < 0) {
      throw ApiError.badRequest("'minLevel' must be GREEN, YELLOW, RED or CRITICAL");
    }
    return results
        .list(ref.id(), from, to, minRank, limit)
        .map(out -> new JsonObject().put("results", out));
  }
}
