package dk.telemonitoring.hub.triage.worker;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs and remembers signals; for tests and for running without the alerts module. No patient names are logged. */
public final class LoggingAlertSink implements AlertSink {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingAlertSink.class);

  private final List<Object> received = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> signal(SqlConnection tx, AlertSignal s) {
    LOG.info("alert signal [patientId: {}, rule: {}, level: {}, measuredAt: {}, opened: {}]", s.patientId(), s.ruleId(),
        s.level(), s.measuredAt(), s.opened());
    received.add(s);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> clear(SqlConnection tx, AlertClear c) {
    LOG.info("alert {} [patientId: {}, rule: {}, level: {}]", c.cleared() ? "cleared" : "lowered", c.patientId(),
        c.ruleId(), c.level());
    received.add(c);
    return Future.succeededFuture();
  }

  public List<Object> received() {
    return List.copyOf(received);
  }

  public List<AlertSignal> signals() {
    return received.stream().filter(AlertSignal.class::isInstance).map(AlertSignal.class::cast).toList();
  }

  public List<AlertClear> clears() {
    return received.stream().filter(AlertClear.class::isInstance).map(AlertClear.class::cast).toList();
  }
}
