package dk.telemonitoring.hub.triage.worker;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Where triage raises and clears alerts, inside the triage transaction ({@code tx}), so an alert is opened if and
 * only if the triage result is committed. The hub wires the alerts module here.
 */
public interface AlertSink {

  Future<Void> signal(SqlConnection tx, AlertSignal signal);

  /** Lower (hysteresis satisfied) or clear ({@link AlertClear#cleared()}) the open alert for the patient and rule. */
  Future<Void> clear(SqlConnection tx, AlertClear clear);
}
