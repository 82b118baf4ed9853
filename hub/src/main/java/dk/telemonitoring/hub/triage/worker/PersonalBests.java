package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.RuleState;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * The spirometry personal bests the 60 % rule compares with
 * (docs/clinical-reference.md#spirometry).
 */
final class PersonalBests {

  private PersonalBests() {}

  /**
   * Raises a stored personal best from a usable, stable (GREEN, no open alert) spirometry session.
   */
  static Future<Void> raise(
      SqlConnection tx,
      PatientContext ctx,
      Map<String, RuleState> states,
      List<Observation> message) {
    if (states.values().stream().anyMatch(RuleState::open)) return Future.succeededFuture();
    List<Observation> spiro =
        message.stream()
            .filter(
                o ->
                    o.usable()
                        && o.grade() != null
                        && (o.type() == MeasurementType.FEV1
                            || o.type() == MeasurementType.PEF
                            || o.type() == MeasurementType.FVC))
            .toList();
    return Futures.sequence(
        spiro,
        o ->
            tx.preparedQuery(
                    """
        INSERT INTO spirometry_personal_best (patient_id, code, value, measured_at, source) VALUES ($1, $2, $3, $4, 'stable-session')
        ON CONFLICT (patient_id, code) DO UPDATE SET value = EXCLUDED.value, measured_at = EXCLUDED.measured_at,
          source = EXCLUDED.source, updated_at = now()
        WHERE spirometry_personal_best.value < EXCLUDED.value""")
                .execute(Tuple.of(ctx.patientId(), o.type().code(), o.value(), utc(o.measuredAt())))
                .mapEmpty());
  }
}
