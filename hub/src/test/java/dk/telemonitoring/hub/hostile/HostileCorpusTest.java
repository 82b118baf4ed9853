package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fault.FaultKit;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays the corpus in src/test/resources/corpus (one file per case, index.csv names the topic's
 * clinic and device and the expected {@code quarantine.reason_code}) over MQTT against a running
 * hub. Each hostile message is quarantined with its reason, the hub keeps running, and the good
 * reading sent right after each one is stored. Payloads the broker itself refuses are covered by
 * BrokerAclTest (topics a device may not use).
 */
@Timeout(120)
class HostileCorpusTest {

  record Case(String file, String clinic, String device, String expected, String what) {}

  @Test
  void everyHostilePayloadIsQuarantinedWithItsReasonAndTheNextGoodReadingIsStored()
      throws Exception {
    List<Case> cases = index();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "hostile");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-hostile-" + UUID.randomUUID());
    settings.put(Setting.INGEST_MAX_PAYLOAD_BYTES, "4096");
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      provision(db);
      Map<Case, byte[]> sent = new LinkedHashMap<>();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      int good = 0;
      for (Case c : cases) {
        byte[] payload = withNow(resource(c.file()), now);
        devices.publish(devices.readingsTopic(c.clinic(), c.device()), payload);
        sent.put(c, payload);
        devices.publish(
            devices.readingsTopic("hostile", "ox-h-1"),
            FaultKit.spo2Message("good-" + good++, now.minusSeconds(good), 95, 76));
      }
      int goodCount = good;
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == 2L * goodCount,
                  "SELECT count(*) FROM readings WHERE msg_id LIKE 'good-%'"))
          .as("every good reading sent after a hostile one is stored, once")
          .isEqualTo(2L * goodCount);
      Sql.awaitCount(
          db, Duration.ofSeconds(30), n -> n >= cases.size(), "SELECT count(*) FROM quarantine");

      List<String> wrong = new ArrayList<>();
      for (Map.Entry<Case, byte[]> e : sent.entrySet()) {
        List<String> reasons = reasonsFor(db, e.getValue());
        if (reasons.isEmpty()) {
          // The database's own refusals are quarantined from the decoded message, not the raw bytes
          // (see report).
          reasons = refusedByDatabase(db, e.getValue());
        }
        if (!reasons.equals(List.of(e.getKey().expected()))) {
          wrong.add(
              e.getKey().file()
                  + " ("
                  + e.getKey().what()
                  + "): expected ["
                  + e.getKey().expected()
                  + "], got "
                  + reasons);
        }
      }
      assertThat(wrong)
          .as("corpus cases not quarantined exactly once with the expected reason")
          .isEmpty();
      assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id NOT LIKE 'good-%'"))
          .as("nothing hostile stored as a reading")
          .isZero();
      assertThat(
              Sql.count(db, "SELECT count(*) FROM quarantine WHERE reason = '' OR reason IS NULL"))
          .as("every quarantine row says why")
          .isZero();
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(hub.httpBase() + "/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode())
          .as("the hub is still healthy: " + health.body())
          .isEqualTo(200);
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  static List<Case> index() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : new String(resource("index.csv"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", 5);
      cases.add(new Case(f[0], f[1], f[2], f[3], f[4]));
    }
    return cases;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = HostileCorpusTest.class.getResourceAsStream("/corpus/" + name)) {
      if (in == null) {
        throw new IOException("corpus file missing: " + name);
      }
      return in.readAllBytes();
    }
  }

  /**
   * Replaces the ASCII bytes of ${NOW} with the time, leaving every other byte (invalid UTF-8 too)
   * untouched.
   */
  static byte[] withNow(byte[] payload, Instant now) {
    byte[] marker = "${NOW}".getBytes(StandardCharsets.US_ASCII);
    byte[] time = now.toString().getBytes(StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < payload.length; i++) {
      if (i + marker.length <= payload.length
          && java.util.Arrays.equals(payload, i, i + marker.length, marker, 0, marker.length)) {
        out.writeBytes(time);
        i += marker.length - 1;
      } else {
        out.write(payload[i]);
      }
    }
    return out.toByteArray();
  }

  private static List<String> reasonsFor(DbUrl db, byte[] payload) throws Exception {
    List<String> reasons = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st =
            c.prepareStatement(
                "SELECT reason_code FROM quarantine WHERE payload = ? ORDER BY id")) {
      st.setBytes(1, payload);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          reasons.add(rs.getString(1));
        }
      }
    }
    return reasons;
  }

  private static List<String> refusedByDatabase(DbUrl db, byte[] payload) throws Exception {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"msgId\": ?\"([^\"]+)\"")
            .matcher(new String(payload, StandardCharsets.UTF_8));
    if (!m.find()) {
      return List.of();
    }
    List<String> reasons = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st =
            c.prepareStatement(
                "SELECT reason_code FROM quarantine WHERE reason_code = 'storage_rejected'"
                    + " AND position(convert_to(?, 'UTF8') in payload) > 0")) {
      st.setString(1, "msgId=" + m.group(1) + ",");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          reasons.add(rs.getString(1));
        }
      }
    }
    return reasons;
  }

  /**
   * Clinic hostile: ox-h-1 bound, ox-h-unbound registered only, ox-h-retired retired; clinic other:
   * ox-other-1 bound.
   */
  private static void provision(DbUrl db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      UUID p1 = UUID.randomUUID();
      UUID p2 = UUID.randomUUID();
      st.execute(
          "INSERT INTO clinics (id, name) VALUES ('hostile', 'Hostile'), ('other', 'Other')");
      st.execute(
          "INSERT INTO patients (id, clinic_id, display_name, condition) VALUES ('"
              + p1
              + "', 'hostile', 'P', 'COPD'),"
              + " ('"
              + p2
              + "', 'other', 'Q', 'COPD')");
      st.execute(
          "INSERT INTO devices (id, clinic_id, kind) VALUES ('ox-h-1', 'hostile', 'OXIMETER'),"
              + " ('ox-h-unbound', 'hostile', 'OXIMETER'), ('ox-other-1', 'other', 'OXIMETER')");
      st.execute(
          "INSERT INTO devices (id, clinic_id, kind, status, retired_at) VALUES"
              + " ('ox-h-retired', 'hostile', 'OXIMETER', 'RETIRED', now() - interval '1 day')");
      st.execute(
          "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by) VALUES"
              + " ('ox-h-1', '"
              + p1
              + "', now() - interval '3 days', 'test'), ('ox-other-1', '"
              + p2
              + "', now() - interval '3 days', 'test')");
      st.execute("SELECT pg_notify('registry_changed', '')");
    }
  }
}
