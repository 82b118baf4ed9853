package dk.telemonitoring.hub.support;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.app.Hub;
import dk.telemonitoring.hub.app.MeteredVertx;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.RegistryStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/** A hub in this JVM, on its own database and topic root, against the shared test broker. */
public final class TestHub implements AutoCloseable {

  public static final String SERVICE_TOKEN = "test-service-token";

  private final Vertx vertx;
  private final Hub hub;

  /** The database this hub created for itself and drops on close, if any. */
  private DbUrl ownDb;

  private DbUrl ownServer;

  private TestHub(Vertx vertx, Hub hub) {
    this.vertx = vertx;
    this.hub = hub;
  }

  /** A hub on a database of its own, created now and dropped on close. */
  public static TestHub inFreshDatabase(String name) {
    return inFreshDatabase(name, settings -> {});
  }

  /** The same, with settings changed before the hub starts. */
  public static TestHub inFreshDatabase(String name, Consumer<Map<Setting, String>> adjust) {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, name);
    try {
      Map<Setting, String> settings =
          settings(db, TestServices.uniqueTopicRoot(), "hub-" + name + "-" + UUID.randomUUID());
      adjust.accept(settings);
      TestHub hub = start(settings);
      hub.ownServer = server;
      hub.ownDb = db;
      return hub;
    } catch (RuntimeException e) {
      TestServices.dropDatabase(db, server);
      throw e;
    }
  }

  /** The MQTT topic root the hub subscribes under (unique per test hub). */
  public String topicRoot() {
    return hub.config().get(Setting.MQTT_TOPIC_ROOT);
  }

  /** The database of a hub started with {@link #inFreshDatabase}. */
  public DbUrl db() {
    return ownDb;
  }

  /** {@code db} as the hub's settings spell a database (HUB_DB_URL, HUB_DB_READ_URL). */
  public static String postgresUrl(DbUrl db) {
    return "postgresql://"
        + db.user()
        + ":"
        + db.password()
        + "@"
        + db.host()
        + ":"
        + db.port()
        + "/"
        + db.database();
  }

  public static Map<Setting, String> settings(DbUrl db, String topicRoot, String clientId) {
    Map<Setting, String> s = new EnumMap<>(Setting.class);
    s.put(Setting.DB_URL, postgresUrl(db));
    s.put(Setting.MQTT_URL, TestServices.mqttUrl());
    s.put(Setting.MQTT_TOPIC_ROOT, topicRoot);
    s.put(Setting.MQTT_CLIENT_ID, clientId);
    s.put(Setting.MQTT_SHARE_GROUP, TestServices.brokerIsMosquitto() ? "hub" : "");
    s.put(Setting.MQTT_RECONNECT_MAX_MS, "1000");
    s.put(Setting.INGEST_RETRY_MAX_MS, "500");
    s.put(Setting.HTTP_HOST, "127.0.0.1");
    s.put(Setting.HTTP_PORT, "0");
    s.put(Setting.API_SERVICE_TOKEN, SERVICE_TOKEN);
    s.put(Setting.ALERTS_ACK_SECRET, "test-ack-link-secret-0123456789");
    s.put(Setting.ALERTS_ENGINE_INTERVAL_MS, "250");
    return s;
  }

  /** A hub as `run` starts one: its Vert.x reports into the hub's registry. */
  public static TestHub start(Map<Setting, String> settings) {
    MeteredVertx metered = MeteredVertx.create();
    Vertx vertx = metered.vertx();
    Hub hub = metered.hub(HubConfig.resolve(settings, Map.of()));
    try {
      hub.start().await();
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("test hub did not start: " + e.getMessage(), e);
    }
    return new TestHub(vertx, hub);
  }

  public Hub hub() {
    return hub;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * A finding raised through the alerts module as the hub's triage raises it, in a transaction of
   * its own, opening the patient's alert or joining it; the alert's id.
   */
  public UUID raise(String clinic, UUID patient, String rule, Level level, String explanation) {
    return raise(new AlertSignal(clinic, patient, rule, level, explanation, Instant.now(), null));
  }

  /** The signal raised as triage raises it; the patient's open alert, opened or joined. */
  public UUID raise(AlertSignal signal) {
    return hub.pool().withTransaction(tx -> hub.alerts().raise(tx, signal)).await().alertId();
  }

  /** The rule's condition has cleared, as triage reports it once its hysteresis holds. */
  public void clear(UUID patient, String rule, Instant clearedAt) {
    hub.pool().withTransaction(tx -> hub.alerts().clear(tx, patient, rule, clearedAt)).await();
  }

  /** A patient's "call me", as the patient's device hands it in. */
  public void callMe(String clinic, UUID patient, String words) {
    hub.pool()
        .withTransaction(tx -> hub.alerts().contactRequest(tx, clinic, patient, words))
        .await();
  }

  /**
   * Every route of the hub's router as "METHOD /path/{param}". The FHIR API under /fhir describes
   * itself (its CapabilityStatement at /fhir/metadata), so it is not repeated in the OpenAPI file.
   */
  public Set<String> declaredRoutes() {
    Set<String> out = new TreeSet<>();
    for (Route r : hub.http().router().getRoutes()) {
      if (r.getPath() == null
          || r.methods() == null
          || r.methods().isEmpty()
          || r.getPath().startsWith("/fhir")) {
        continue;
      }
      String path = r.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      r.methods().forEach(m -> out.add(m.name() + " " + path));
    }
    return out;
  }

  public String httpBase() {
    return "http://127.0.0.1:" + hub.httpPort();
  }

  /** A clinic, a patient and a device bound to the patient since a week ago. */
  public UUID provision(String clinic, String deviceId, String condition) {
    return provision(clinic, deviceId, condition, "Test patient");
  }

  /** As {@link #provision(String, String, String)}, the patient named as a screen shows her. */
  public UUID provision(String clinic, String deviceId, String condition, String displayName) {
    RegistryStore registry = new RegistryStore(hub.pool());
    registry.createClinic(clinic, "Test clinic " + clinic, "Europe/Copenhagen").await();
    UUID patient = registry.createPatient(clinic, displayName, condition, "da").await();
    registry.registerDevice(deviceId, clinic, "OXIMETER", 172_800).await();
    registry.bind(deviceId, patient, Instant.now().minusSeconds(7 * 86_400), "test").await();
    return patient;
  }

  @Override
  public void close() {
    try {
      hub.stop().await();
    } catch (Exception ignored) {
      // closing anyway
    }
    vertx.close().await();
    if (ownDb != null) {
      TestServices.dropDatabase(ownDb, ownServer);
    }
  }
}
