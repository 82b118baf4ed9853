package dk.telemonitoring.hub.app;

import dk.telemonitoring.hub.access.ServiceToken;
import dk.telemonitoring.hub.api.ApiContext;
import dk.telemonitoring.hub.api.HttpVerticle;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fhir.FhirRoutes;
import dk.telemonitoring.hub.ingest.IngestMetrics;
import dk.telemonitoring.hub.ingest.MqttIngestVerticle;
import dk.telemonitoring.hub.lifecycle.LifecycleRoutes;
import dk.telemonitoring.hub.lifecycle.PatientRecords;
import dk.telemonitoring.hub.lifecycle.RetentionVerticle;
import dk.telemonitoring.hub.push.ChangeFeed;
import dk.telemonitoring.hub.push.PushAddresses;
import dk.telemonitoring.hub.store.Database;
import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.SchemaSetup;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.store.WriteItem;
import dk.telemonitoring.hub.store.WriteOutcome;
import dk.telemonitoring.hub.store.Written;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hub's parts from its configuration and starts them: schema, pool, registry, ingest,
 * HTTP. No DI framework: this class is the wiring diagram.
 */
public final class Hub {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  /** Told after each committed batch (triage wake-up, live push). */
  public interface CommitListener {
    void committed(List<WriteItem> items, Written written);
  }

  private final HubConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry metricsRegistry;
  private final JvmMetrics jvmMetrics;
  private final List<CommitListener> commitListeners = new CopyOnWriteArrayList<>();
  private Pool pool;
  private Pool healthPool;
  private Pool lanePool;
  private Pool feedPool;
  private Pool urgentPool;
  private Pool readPool;
  private PgSubscriber subscriber;
  private StorageMode storageMode;
  private DeviceRegistry registry;
  private IngestDeployment ingestDeployment;
  private MqttIngestVerticle ingest;
  private ClinicLoop clinicLoop;
  private HttpVerticle http;

  /** A hub with a metrics registry of its own (Vert.x's own metrics are not in it). */
  public Hub(Vertx vertx, HubConfig config) {
    this(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * A hub whose /metrics serves {@code metricsRegistry}, which may also hold the metrics of the
   * Vert.x instance ({@link MeteredVertx}).
   */
  public Hub(Vertx vertx, HubConfig config, PrometheusMeterRegistry metricsRegistry) {
    this.vertx = vertx;
    this.config = config;
    this.metricsRegistry = metricsRegistry;
    this.jvmMetrics = new JvmMetrics(metricsRegistry);
  }

  public Future<Hub> start() {
    if (!config.getBoolean(Setting.DEMO_MODE)
        && config.get(Setting.DB_URL).equals(Setting.DB_URL.defaultValue())) {
      return Future.failedFuture(
          new IllegalStateException(
              "HUB_DB_URL must be set outside demo mode: the built-in default uses well-known credentials"));
    }
    var db = config.db();
    boolean timescale = !"off".equalsIgnoreCase(config.get(Setting.DB_TIMESCALE));
    // Liveness first: the listener answers /health/live while migrations run and the broker
    // connects; readiness (/health/ready, /health) follows when every part below is up.
    http = new HttpVerticle(config);
    Future<?> listening = vertx.deployVerticle(http);
    Future<StorageMode> migrated =
        vertx.executeBlocking(
            () -> {
              StorageMode mode = SchemaSetup.migrate(db, timescale);
              ClinicLoop.migrate(db);
              return mode;
            });
    return Future.all(listening, migrated)
        .map(x -> migrated.result())
        .compose(
            mode -> {
              storageMode = mode;
              pool =
                  Database.pool(
                      vertx,
                      db,
                      config.getInt(Setting.DB_POOL_SIZE),
                      "hub-" + config.get(Setting.MQTT_CLIENT_ID));
              // For a message the critical lane may alert on, its device's lookup and its batch:
              // a connection the writers and triage never hold.
              urgentPool =
                  Database.pool(vertx, db, 1, "hub-urgent-" + config.get(Setting.MQTT_CLIENT_ID));
              registry = new DeviceRegistry(pool, urgentPool, 5_000);
              // Its own connection, so a health probe answers while the writers keep every pooled
              // connection busy.
              healthPool =
                  Database.pool(vertx, db, 1, "hub-health-" + config.get(Setting.MQTT_CLIENT_ID));
              // The critical lane's own connections: its alert never queues behind writers and
              // triage for a pooled one.
              lanePool =
                  Database.pool(vertx, db, 2, "hub-critical-" + config.get(Setting.MQTT_CLIENT_ID));
              // The live push's reads of new alert transitions, which queued behind triage's
              // batches on the shared pool while a backlog drained. Two: the feed's catch-up poll
              // of nurse tasks never holds up a notified read.
              feedPool =
                  Database.pool(vertx, db, 2, "hub-feed-" + config.get(Setting.MQTT_CLIENT_ID));
              // Analytics that tolerate replication lag; never the screens, which must read their
              // own writes.
              readPool =
                  config
                      .readReplica()
                      .map(
                          replica ->
                              Database.pool(
                                  vertx,
                                  replica,
                                  config.getInt(Setting.DB_POOL_SIZE),
                                  "hub-read-" + config.get(Setting.MQTT_CLIENT_ID)))
                      .orElse(pool);
              return listenForRegistryChanges(db);
            })
        .compose(v -> deployIngest())
        .compose(v -> startClinicLoop())
        .compose(v -> deployHttp())
        .compose(v -> vertx.deployVerticle(new RetentionVerticle(config, storageMode)).mapEmpty())
        .map(
            v -> {
              http.ready();
              LOG.info(
                  "hub started [http: {}:{}, broker: {}, storage: {}]",
                  config.get(Setting.HTTP_HOST),
                  http.actualPort(),
                  config.get(Setting.MQTT_URL),
                  storageMode.label());
              return this;
            });
  }

  private Future<Void> listenForRegistryChanges(DbUrl db) {
    subscriber =
        PgSubscriber.subscriber(vertx, Database.connectOptions(db))
            .reconnectPolicy(attempt -> attempt < 1_000_000 ? 1_000L : -1L);
    // One channel for both: a channel with only a subscribe handler is never registered
    // (vertx-pg-client 5.0.8).
    // Reconnects drop notifications: forget the cache so nothing stale outlives an outage.
    subscriber
        .channel(DeviceRegistry.CHANNEL)
        .handler(registry::invalidate)
        .subscribeHandler(v -> registry.invalidate(null));
    return subscriber
        .connect()
        .recover(
            e -> {
              LOG.warn(
                  "registry change notifications unavailable, relying on cache expiry [reason: {}]",
                  e.getMessage());
              return Future.succeededFuture();
            });
  }

  private Future<Void> deployIngest() {
    ingestDeployment =
        new IngestDeployment(
            vertx,
            config,
            pool,
            urgentPool,
            registry,
            new IngestMetrics(metricsRegistry),
            commitListeners);
    return ingestDeployment.deploy().onSuccess(first -> ingest = first).mapEmpty();
  }

  private Future<Void> startClinicLoop() {
    clinicLoop =
        new ClinicLoop(
            vertx, config, pool, lanePool, ingestDeployment.publisher(), metricsRegistry);
    addCommitListener((items, written) -> clinicLoop.wake(written.markedCritical()));
    addCommitListener(this::announceStored);
    return clinicLoop
        .start()
        .onSuccess(
            v -> {
              if (subscriber != null) {
                subscriber
                    .channel(ChangeFeed.ALERTS_CHANNEL)
                    .handler(payload -> clinicLoop.alertsChanged());
              }
            });
  }

  private Future<Void> deployHttp() {
    ServiceToken serviceToken = new ServiceToken(config.get(Setting.API_SERVICE_TOKEN));
    ApiContext parts =
        new ApiContext(
            vertx,
            config,
            pool,
            readPool,
            healthPool,
            feedPool,
            subscriber,
            storageMode,
            registry,
            clinicLoop.alerts(),
            metricsRegistry,
            new ApiContext.Health() {
              @Override
              public boolean brokerConnected() {
                return Hub.this.brokerConnected();
              }

              @Override
              public boolean databaseWritable() {
                return Hub.this.databaseWritable();
              }
            },
            ingestDeployment.publisher()::publishCommand);
    List<Consumer<Router>> serviceRoutes =
        List.of(
            new LifecycleRoutes(vertx, new PatientRecords(pool, config.db()), serviceToken)::mount,
            new FhirRoutes(readPool, serviceToken, config.get(Setting.PUBLIC_URL))::mount);
    return http.mount(parts, serviceRoutes);
  }

  /** Tells the live screens, once per batch and clinic, whose readings were just stored. */
  private void announceStored(List<WriteItem> items, Written written) {
    List<WriteOutcome> outcomes = written.outcomes();
    java.util.Map<String, java.util.Set<String>> patientsByClinic = new java.util.HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      if (outcomes.get(i) == WriteOutcome.STORED
          && items.get(i) instanceof WriteItem.Measurements m) {
        patientsByClinic
            .computeIfAbsent(m.set().clinicId(), c -> new java.util.TreeSet<>())
            .add(m.patientId().toString());
      }
    }
    patientsByClinic.forEach(
        (clinic, patients) ->
            vertx
                .eventBus()
                .publish(
                    PushAddresses.READINGS_STORED,
                    new io.vertx.core.json.JsonObject()
                        .put("clinicId", clinic)
                        .put(
                            "patientIds",
                            new io.vertx.core.json.JsonArray(
                                new java.util.ArrayList<>(patients)))));
  }

  public Future<Void> stop() {
    jvmMetrics.close();
    // Triage undeploys its own context; the rest are undeployed after it.
    Future<Void> loopStopped = clinicLoop == null ? Future.succeededFuture() : clinicLoop.stop();
    Future<Void> closeSub = subscriber == null ? Future.succeededFuture() : subscriber.close();
    return Future.all(loopStopped, closeSub)
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture())
        .compose(v -> undeployAll())
        .compose(
            v -> ingestDeployment == null ? Future.succeededFuture() : ingestDeployment.close())
        .compose(v -> healthPool == null ? Future.succeededFuture() : healthPool.close())
        .compose(v -> lanePool == null ? Future.succeededFuture() : lanePool.close())
        .compose(v -> feedPool == null ? Future.succeededFuture() : feedPool.close())
        .compose(v -> urgentPool == null ? Future.succeededFuture() : urgentPool.close())
        .compose(
            v -> readPool == null || readPool == pool ? Future.succeededFuture() : readPool.close())
        .compose(v -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /**
   * One after another, each only while still deployed: undeploying a verticle undeploys those it
   * deployed, and undeploying one of those again fails ("Unknown deployment").
   */
  private Future<Void> undeployAll() {
    Future<Void> chain = Future.succeededFuture();
    for (String id : java.util.List.copyOf(vertx.deploymentIDs())) {
      chain =
          chain.compose(
              v ->
                  vertx.deploymentIDs().contains(id)
                      ? vertx.undeploy(id)
                      : Future.succeededFuture());
    }
    return chain;
  }

  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  public HubConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public Pool healthPool() {
    return healthPool;
  }

  /**
   * The read replica's pool (the clinic overview, FHIR reads), or the primary's when none is
   * configured.
   */
  public Pool readPool() {
    return readPool;
  }

  /** The hub's LISTEN connection (registry changes, alert changes for the live push). */
  public PgSubscriber subscriber() {
    return subscriber;
  }

  public StorageMode storageMode() {
    return storageMode;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public PrometheusMeterRegistry metrics() {
    return metricsRegistry;
  }

  public boolean brokerConnected() {
    return ingest != null && ingest.connected();
  }

  public boolean databaseWritable() {
    return ingest != null && ingest.databaseUp();
  }

  public int httpPort() {
    return http.actualPort();
  }

  public HttpVerticle http() {
    return http;
  }

  public dk.telemonitoring.alerts.AlertService alerts() {
    return clinicLoop.alerts();
  }
}
