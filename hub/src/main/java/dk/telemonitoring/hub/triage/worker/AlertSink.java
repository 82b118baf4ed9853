package dk.telemonitoring.hub.triage.worker;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where triage raises and clears alerts, inside the triage transaction ({@code tx}), so an alert is
 * opened if and only if the triage result is committed. The hub wires the alerts module here.
 */
public interface AlertSink {

  Future<Void> signal(SqlConnection tx, AlertSignal signal);

  /**
   * As {@link #signal}, but only into the patient's open alert, opening none: full triage of a
   * reading the critical lane already alerted on joins that alert, and a person's resolution in
   * between is not answered with a second alert for the same reading.
   *
   * @return whether the patient had an open alert to join
   */
  Future<Boolean> join(SqlConnection tx, AlertSignal signal);

  /**
   * The rule ids with a live (not cleared) finding in the patient's one open alert. Triage starts
   * every other rule's episode afresh, so a resolved alert never silences the patient's next
   * abnormal reading: resolving the alert starts every rule of the patient afresh.
   */
  Future<Set<String>> openRules(SqlConnection tx, UUID patientId);

  /**
   * {@link #openRules(SqlConnection, UUID)} of each patient of a triage batch. By default one
   * statement per patient, all sent at once, so the connection pipelines them in one round trip.
   */
  default Future<Map<UUID, Set<String>>> openRules(SqlConnection tx, List<UUID> patients) {
    List<Future<Set<String>>> each = patients.stream().map(p -> openRules(tx, p)).toList();
    return Future.all(each)
        .map(
            all -> {
              Map<UUID, Set<String>> out = new HashMap<>();
              for (int i = 0; i < patients.size(); i++) {
                out.put(patients.get(i), each.get(i).result());
              }
              return out;
            });
  }

  /**
   * Lower (hysteresis satisfied) or clear ({@link AlertClear#cleared()}) the rule's finding in the
   * patient's alert.
   */
  Future<Void> clear(SqlConnection tx, AlertClear clear);
}
