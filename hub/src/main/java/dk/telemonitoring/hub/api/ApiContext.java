package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.StorageMode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;

/**
 * The parts of the hub the HTTP layer works with, built by the application's wiring and handed to
 * {@link HttpVerticle}, which hands each route class only the parts it uses.
 *
 * @param pool the primary's pool (every screen: it must read its own writes)
 * @param readPool the read replica's pool for analytics that tolerate lag, or the primary's
 * @param healthPool a connection of its own, so a health probe answers while the writers keep the
 *     pool busy
 * @param feedPool connections of the live push's own, so a new alert reaches the screens while
 *     triage drains a backlog on every pooled one
 * @param subscriber the hub's LISTEN connection (alert changes for the live push)
 * @param metrics the registry scraped at /metrics
 * @param health the ingest's view of the broker and the database
 * @param commands publishes on a device's command topic (messages to the patient's tablet)
 */
public record ApiContext(
    Vertx vertx,
    HubConfig config,
    Pool pool,
    Pool readPool,
    Pool healthPool,
    Pool feedPool,
    PgSubscriber subscriber,
    StorageMode storageMode,
    DeviceRegistry devices,
    AlertService alerts,
    PrometheusMeterRegistry metrics,
    Health health,
    DeviceCommands commands) {

  /** What /health reports besides the database's answer to a query. */
  public interface Health {
    boolean brokerConnected();

    boolean databaseWritable();
  }
}
