package dk.telemonitoring.hub.app;

import dk.telemonitoring.alerts.query.OperationsFigures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts module's running totals on /metrics (names in docs/deployment.md), read from the
 * database every few seconds without blocking: the alerts module knows nothing of Micrometer or the
 * hub. Totals that only grow, so Prometheus' {@code increase()} reads them like counters; NaN
 * before the first read.
 */
final class AlertsMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(AlertsMetrics.class);

  private final AtomicReference<OperationsFigures.Totals> totals = new AtomicReference<>();
  private final OperationsFigures figures;
  private long timerId = -1;

  AlertsMetrics(OperationsFigures figures, MeterRegistry registry) {
    this.figures = figures;
    gauge(registry, "hub_alert_escalations", "Escalations to a doctor fired", t -> t.escalations());
    gauge(
        registry,
        "hub_alert_unstaffed_steps",
        "Escalation steps that found nobody on call for a role they page",
        t -> t.unstaffedSteps());
    gauge(
        registry,
        "hub_notifications_dead_lettered",
        "Notifications given up after their last delivery attempt",
        t -> t.deadLettered());
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<OperationsFigures.Totals> value) {
    Gauge.builder(name, totals, t -> t.get() == null ? Double.NaN : value.applyAsDouble(t.get()))
        .description(description + " (total, all hubs)")
        .register(registry);
  }

  AlertsMetrics start(Vertx vertx, Duration period) {
    timerId = vertx.setPeriodic(1, period.toMillis(), id -> read());
    return this;
  }

  void stop(Vertx vertx) {
    if (timerId >= 0) vertx.cancelTimer(timerId);
  }

  private void read() {
    figures
        .totals()
        .onSuccess(totals::set)
        .onFailure(e -> LOG.debug("alert totals not read [error: {}]", e.toString()));
  }
}
