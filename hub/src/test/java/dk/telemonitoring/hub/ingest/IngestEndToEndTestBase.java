package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ingest spine end to end: a real MQTT client, the real broker, a real PostgreSQL; run on both
 * storage modes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IngestEndToEndTestBase {

  private static final String CLINIC = "north";
  private static final String DEVICE = "ox-e2e-1";

  private DbUrl server;
  private DbUrl db;
  private TestHub hub;
  private Devices devices;
  private String topicRoot;
  private UUID patient;

  abstract DbUrl server();

  abstract StorageMode expectedMode();

  @BeforeAll
  void startHub() {
    server = server();
    db = TestServices.freshDatabase(server, "ingest");
    topicRoot = TestServices.uniqueTopicRoot();
    hub = TestHub.start(TestHub.settings(db, topicRoot, "hub-e2e-" + UUID.randomUUID()));
    patient = hub.provision(CLINIC, DEVICE, "COPD");
    devices = new Devices(topicRoot);
  }

  @AfterAll
  void stopHub() {
    if (devices != null) {
      devices.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (db != null) {
      TestServices.dropDatabase(db, server);
    }
  }

  @Test
  void runsInTheStorageModeTheServerSupports() {
    assertThat(hub.hub().storageMode()).isEqualTo(expectedMode());
    String hypertables =
        Sql.text(db, "SELECT to_regclass('timescaledb_information.hypertables')::text");
    if (expectedMode() == StorageMode.TIMESCALEDB) {
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'readings'"))
          .isEqualTo(1);
    } else {
      assertThat(hypertables).isNull();
    }
  }

  @Test
  void storesAPublishedReadingWithinASecondAndTheApiReturnsIt() throws Exception {
    Instant measuredAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    devices.publish(
        devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("api-1", measuredAt, 93, 88));

    long rows =
        Sql.awaitCount(
            db,
            Duration.ofSeconds(1),
            n -> n == 2,
            "SELECT count(*) FROM readings WHERE msg_id = 'api-1'");
    assertThat(rows).as("spo2 and pulse rows stored within a second").isEqualTo(2);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            hub.httpBase()
                                + "/api/v1/service/patients/"
                                + patient
                                + "/readings?code=spo2"))
                    .header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray readings = new JsonObject(response.body()).getJsonArray("readings");
    JsonObject spo2 =
        readings.stream()
            .map(JsonObject.class::cast)
            .filter(r -> "api-1".equals(r.getString("msgId")))
            .findFirst()
            .orElseThrow();
    assertThat(spo2.getDouble("value")).isEqualTo(93.0);
    assertThat(spo2.getString("unit")).isEqualTo("%");
    assertThat(Instant.parse(spo2.getString("measuredAt"))).isEqualTo(measuredAt);
    assertThat(Instant.parse(spo2.getString("receivedAt"))).isAfter(measuredAt);
  }

  @Test
  void storesTheSameReadingPublishedTwiceOnce() {
    String payload = Devices.spo2("dup-1", Instant.now().minusSeconds(60), 95, 70);
    devices.publish(devices.readingsTopic(CLINIC, DEVICE), payload);
    devices.publish(devices.readingsTopic(CLINIC, DEVICE), payload);
    devices.publish(
        devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("dup-after", Instant.now(), 95, 70));

    Sql.awaitCount(
        db,
        Duration.ofSeconds(5),
        n -> n == 2,
        "SELECT count(*) FROM readings WHERE msg_id = 'dup-after'");
    assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id = 'dup-1'")).isEqualTo(2);
    assertThat(Sql.count(db, "SELECT count(*) FROM device_events WHERE msg_id = 'dup-1'")).isZero();
  }

  @Test
  void quarantinesBadInputWithItsReasonAndKeepsStoringWhatFollows() {
    String topic = devices.readingsTopic(CLINIC, DEVICE);
    devices.publish(topic, "{\"v\":1,\"msgId\":\"bad-json\",");
    devices.publish(topic, Devices.spo2("impossible-1", Instant.now(), 140, 80));
    devices.publish(
        devices.readingsTopic(CLINIC, "ox-nobody"),
        Devices.spo2("unknown-1", Instant.now(), 95, 80));
    devices.publish(topic, Devices.spo2("good-after-bad", Instant.now(), 96, 72));

    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(5),
                n -> n == 2,
                "SELECT count(*) FROM readings WHERE msg_id = 'good-after-bad'"))
        .isEqualTo(2);
    assertThat(reasonFor("bad-json")).isEqualTo("malformed_json");
    assertThat(reasonFor("impossible-1")).isEqualTo("impossible_value");
    assertThat(Sql.text(db, "SELECT reason FROM quarantine WHERE " + PAYLOAD_HAS, "impossible-1"))
        .contains("spo2 140 % is outside 0-100");
    assertThat(reasonFor("unknown-1")).isEqualTo("unknown_device");
    assertThat(Sql.text(db, "SELECT topic FROM quarantine WHERE " + PAYLOAD_HAS, "unknown-1"))
        .endsWith("/devices/ox-nobody/readings");
    assertThat(
            Sql.count(
                db, "SELECT count(*) FROM readings WHERE msg_id IN ('impossible-1', 'unknown-1')"))
        .isZero();
  }

  /**
   * Issue 17: a duplicated name (last one wins in a lenient parser: SpO2 20, CRITICAL, "the clinic
   * will call") and a UTF-16 payload (read by a guessing parser) are each kept as sent, with their
   * reason, and stored as no reading.
   */
  @Test
  void quarantinesAPayloadThatCouldBeReadTwoWaysWithItsBytesAndStoresNoReading() {
    String topic = devices.readingsTopic(CLINIC, DEVICE);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    byte[] duplicated =
        ("{\"v\":1,\"msgId\":\"dupkey-1\",\"kind\":\"measurement\",\"measuredAt\":\""
                + now
                + "\","
                + "\"values\":[{\"code\":\"spo2\",\"value\":95,\"value\":20,\"unit\":\"%\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] utf16 = Devices.spo2("utf16-1", now, 93, 80).getBytes(StandardCharsets.UTF_16LE);
    byte[] utf16WithBom = Devices.spo2("utf16-2", now, 93, 80).getBytes(StandardCharsets.UTF_16);
    devices.publish(topic, duplicated);
    devices.publish(topic, utf16);
    devices.publish(topic, utf16WithBom);
    devices.publish(topic, Devices.spo2("good-after-two-ways", now, 96, 72));

    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(5),
                n -> n == 2,
                "SELECT count(*) FROM readings WHERE msg_id = 'good-after-two-ways'"))
        .isEqualTo(2);
    assertThat(quarantined(duplicated)).isEqualTo("duplicate_key");
    assertThat(Sql.text(db, "SELECT reason FROM quarantine WHERE payload = ?", duplicated))
        .contains("/values/0/value");
    assertThat(quarantined(utf16)).isEqualTo("not_utf8");
    assertThat(quarantined(utf16WithBom)).isEqualTo("not_utf8");
    assertThat(Sql.text(db, "SELECT reason FROM quarantine WHERE payload = ?", utf16WithBom))
        .contains("UTF-16BE");
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM readings WHERE msg_id IN ('dupkey-1', 'utf16-1', 'utf16-2')"))
        .isZero();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM triage_outbox WHERE msg_id IN ('dupkey-1', 'utf16-1', 'utf16-2')"))
        .isZero();
    assertThat(quarantinedCount("duplicate_key", 1)).as("counted as duplicate_key").isEqualTo(1.0);
    assertThat(quarantinedCount("not_utf8", 2)).as("counted as not_utf8").isEqualTo(2.0);
  }

  /**
   * The hub counts after the commit's answer reached it, a moment after a query can see the rows.
   */
  private double quarantinedCount(String reason, double expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    double count;
    do {
      count =
          hub.hub()
              .metrics()
              .find("hub_messages_quarantined")
              .tag("reason", reason)
              .counter()
              .count();
      if (count == expected) {
        return count;
      }
      Sql.sleep(50);
    } while (System.nanoTime() < deadline);
    return count;
  }

  /** The quarantine reason of the row holding exactly these bytes (one row, or the test fails). */
  private String quarantined(byte[] payload) {
    Sql.awaitCount(
        db,
        Duration.ofSeconds(5),
        n -> n > 0,
        "SELECT count(*) FROM quarantine WHERE payload = ?",
        payload);
    assertThat(Sql.count(db, "SELECT count(*) FROM quarantine WHERE payload = ?", payload))
        .isEqualTo(1);
    return Sql.text(db, "SELECT reason_code FROM quarantine WHERE payload = ?", payload);
  }

  /** Byte search: convert_from would fail on the quarantined payloads that are not UTF-8. */
  private static final String PAYLOAD_HAS = "position(convert_to(?, 'UTF8') in payload) > 0";

  private String reasonFor(String payloadContains) {
    Sql.awaitCount(
        db,
        Duration.ofSeconds(5),
        n -> n > 0,
        "SELECT count(*) FROM quarantine WHERE " + PAYLOAD_HAS,
        payloadContains);
    return Sql.text(db, "SELECT reason_code FROM quarantine WHERE " + PAYLOAD_HAS, payloadContains);
  }
}
