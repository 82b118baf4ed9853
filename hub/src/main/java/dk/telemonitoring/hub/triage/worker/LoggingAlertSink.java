package dk.telemonitoring.hub.triage.worker;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and remembers signals; for tests and for running without the alerts module. No patient names
 * are logged.
 */
public final class LoggingAlertSink implements AlertSink {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingAlertSink.class);

  private final List<Object> received = new CopyOnWriteArrayList<>();

  /**
   * The live findings of each patient's one open alert, as the alerts module holds them: a signal
   * adds its rule's finding, a clear clears it, a person resolving the alert ends them all.
   */
  private final Set<String> open = ConcurrentHashMap.newKeySet();

  @Override
  public Future<Void> signal(SqlConnection tx, AlertSignal s) {
    LOG.info(
        "alert signal [patientId: {}, rule: {}, level: {}, measuredAt: {}, opened: {}]",
        s.patientId(),
        s.ruleId(),
        s.level(),
        s.measuredAt(),
        s.opened());
    received.add(s);
    open.add(key(s.patientId(), s.ruleId()));
    return Future.succeededFuture();
  }

  /**
   * Into an open alert only: this sink knows an alert as its live findings, so a patient with none
   * has no alert to join.
   */
  @Override
  public Future<Boolean> join(SqlConnection tx, AlertSignal s) {
    String prefix = s.patientId() + "/";
    return open.stream().anyMatch(k -> k.startsWith(prefix))
        ? signal(tx, s).map(true)
        : Future.succeededFuture(false);
  }

  @Override
  public Future<Set<String>> openRules(SqlConnection tx, UUID patientId) {
    String prefix = patientId + "/";
    return Future.succeededFuture(
        open.stream()
            .filter(k -> k.startsWith(prefix))
            .map(k -> k.substring(prefix.length()))
            .collect(java.util.stream.Collectors.toSet()));
  }

  /** What a person resolving the patient's alert does: every finding of it ends with it. */
  public void resolve(UUID patientId) {
    open.removeIf(k -> k.startsWith(patientId + "/"));
  }

  private static String key(UUID patientId, String ruleId) {
    return patientId + "/" + ruleId;
  }

  @Override
  public Future<Void> clear(SqlConnection tx, AlertClear c) {
    LOG.info(
        "alert {} [patientId: {}, rule: {}, level: {}]",
        c.cleared() ? "cleared" : "lowered",
        c.patientId(),
        c.ruleId(),
        c.level());
    received.add(c);
    if (c.cleared()) open.remove(key(c.patientId(), c.ruleId()));
    return Future.succeededFuture();
  }

  public List<Object> received() {
    return List.copyOf(received);
  }

  public List<AlertSignal> signals() {
    return received.stream()
        .filter(AlertSignal.class::isInstance)
        .map(AlertSignal.class::cast)
        .toList();
  }

  public List<AlertClear> clears() {
    return received.stream()
        .filter(AlertClear.class::isInstance)
        .map(AlertClear.class::cast)
        .toList();
  }
}
