package dk.telemonitoring.hub.support;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A COPD patient of clinic {@code vios}, enrolled on 2026-01-01 with an oximeter {@code ox-<id>}
 * bound from then, written straight into a migrated database for triage tests.
 */
public final class CopdPatients {

  private CopdPatients() {}

  public static Future<Void> insertWithOximeter(SqlConnection tx, UUID id) {
    return tx.preparedQuery(
            "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at)"
                + " VALUES ($1, 'vios', 'Test', 'COPD', 'da', '2026-01-01T08:00:00Z')")
        .execute(Tuple.of(id))
        .compose(
            x ->
                tx.preparedQuery(
                        "INSERT INTO devices (id, clinic_id, kind, last_seen_at)"
                            + " VALUES ($1, 'vios', 'OXIMETER', now())")
                    .execute(Tuple.of("ox-" + id)))
        .compose(
            x ->
                tx.preparedQuery(
                        "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by)"
                            + " VALUES ($1, $2, '2026-01-01T08:00:00Z', 'test')")
                    .execute(Tuple.of("ox-" + id, id)))
        .mapEmpty();
  }
}
