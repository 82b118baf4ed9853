package dk.telemonitoring.alerts.query;

import dk.telemonitoring.alerts.AlertService;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Each alert's newest note written by a person ("Notat" on the board), for the board's row: a
 * colleague reads "Ringer til patienten om ti minutter" where she decides, not only in the alert's
 * history. A nurse's words when she hands the alert to the doctor count as a note too: they say why
 * the doctor has it, and an older note left in the row read as if it were still the plan. The
 * escalation engine's own notes are no one's words and are left out, and so are the notes a
 * patient's further "call me" adds: the words are the alert's finding already, and the patient is
 * no colleague (the board showed "The patient asks to be called: … (patient, …)").
 */
public final class LatestNotes {

  /**
   * A person's note: the words, who wrote them (an actor id), when, and whether they went with the
   * alert to the doctor.
   */
  public record Note(String text, String actorId, Instant at, boolean toDoctor) {}

  /** Per alert its newest note; alerts without one are absent. */
  public Future<Map<UUID, Note>> of(SqlClient client, Collection<UUID> alertIds) {
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            """
            SELECT DISTINCT ON (alert_id) alert_id, note, actor_id, at, action = 'ESCALATE'
            FROM alert_transitions
            WHERE alert_id = ANY($1) AND action IN ('NOTE', 'ESCALATE') AND note IS NOT NULL
              AND actor_id <> ALL($2)
            ORDER BY alert_id, at DESC, seq DESC""")
        // Added one by one: Tuple.of(array, array) would spread the second array as parameters.
        .execute(
            Tuple.tuple()
                .addValue(alertIds.toArray(UUID[]::new))
                .addValue(
                    new String[] {
                      AlertService.ENGINE_ACTOR,
                      AlertService.SYSTEM_ACTOR,
                      AlertService.PATIENT_ACTOR
                    }))
        .map(
            rows -> {
              Map<UUID, Note> out = new HashMap<>();
              rows.forEach(
                  r ->
                      out.put(
                          r.getUUID(0),
                          new Note(
                              r.getString(1),
                              r.getString(2),
                              r.getOffsetDateTime(3).toInstant(),
                              r.getBoolean(4))));
              return out;
            });
  }
}
