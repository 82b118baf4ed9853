package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** The nurses' tasks ({@code nurse_tasks}): missed measurements, offline devices. */
public final class NurseTaskStore {

  private final Pool pool;

  public NurseTaskStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The open tasks of these clinics, oldest first, with the patient's name and the wait; an offline
   * task whose devices have all been heard from since it was last found is left out.
   */
  public Future<JsonArray> open(Collection<String> clinics) {
    return pool.preparedQuery(
            """
            SELECT t.id, t.patient_id, t.clinic_id, t.kind, t.since, t.details, t.text_en, t.text_da, t.opened_at,
                   p.display_name
            FROM nurse_tasks t JOIN patients p ON p.id = t.patient_id
            WHERE t.clinic_id = ANY($1) AND t.status = 'OPEN'
              -- A device heard from since the scan found it silent is back: the scan resolves its task
              -- only minutes later, and "offline" beside its fresh readings misleads.
              AND NOT (t.kind = 'DEVICE_OFFLINE' AND t.details ? 'devices' AND NOT EXISTS (
                SELECT 1 FROM jsonb_array_elements_text(t.details -> 'devices') AS listed(id)
                LEFT JOIN devices d ON d.id = listed.id
                WHERE d.last_seen_at IS NULL OR d.last_seen_at <= t.updated_at))
            ORDER BY t.since""")
        .execute(Tuple.of(clinics.toArray(String[]::new)))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              Instant now = Instant.now();
              for (Row r : rs) {
                Object details = r.getValue(5);
                out.add(
                    new JsonObject()
                        .put("id", r.getLong(0))
                        .put("patientId", r.getUUID(1).toString())
                        .put("clinicId", r.getString(2))
                        .put("kind", r.getString(3))
                        .put("since", IsoTimes.text(r.getOffsetDateTime(4)))
                        .put("details", details instanceof JsonObject ? details : null)
                        .put(
                            "text",
                            new JsonObject().put("en", r.getString(6)).put("da", r.getString(7)))
                        .put("openedAt", IsoTimes.text(r.getOffsetDateTime(8)))
                        .put("patientName", r.getString(9))
                        .put(
                            "waitingSeconds",
                            Duration.between(r.getOffsetDateTime(4).toInstant(), now).toSeconds()));
              }
              return out;
            });
  }

  /** The patient of a task in one of these clinics; empty when there is no such task. */
  public Future<Optional<UUID>> patientOf(long taskId, Collection<String> clinics) {
    return pool.preparedQuery(
            "SELECT patient_id FROM nurse_tasks WHERE id = $1 AND clinic_id = ANY($2)")
        .execute(Tuple.of(taskId, (Object) clinics.toArray(String[]::new)))
        .map(
            rs -> rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getUUID(0)));
  }

  /** Resolves an open task with an optional note; false when it was not open. */
  public Future<Boolean> resolve(long taskId, String by, String note) {
    return pool.preparedQuery(
            """
            UPDATE nurse_tasks SET status = 'RESOLVED', resolved_at = now(), updated_at = now(), resolved_by = $2,
              details = details || jsonb_build_object('resolutionNote', $3::text)
            WHERE id = $1 AND status = 'OPEN'""")
        .execute(Tuple.of(taskId, by, note))
        .map(rs -> rs.rowCount() > 0);
  }
}
