package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device that was offline for a day reconnects and uploads its backlog: 24 hours of readings
 * every 5 minutes, shuffled (out of order), with a tenth sent twice, and an exacerbation in the
 * afternoon (SpO2 82 %). Every message is stored once under the patient the device measured,
 * triaged once, and triage follows measurement time: a reading triaged after a later one of the
 * same patient is marked {@code late} (the engine never silently treats old data as new), and the
 * exacerbation opens one CRITICAL alert that pages the doctor once.
 */
@Timeout(180)
class DayOfflineBacklogTest {

  @Test
  void aDayOfBacklogUploadedOutOfOrderIsStoredOnceAndTriagedInMeasurementOrder() throws Exception {
    Assumptions.assumeTrue(TestServices.brokerIsMosquitto(), "runs against the real broker");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fbacklog");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
        TestHub.start(FaultKit.hubSettings(db, topicRoot, "hub-backlog-" + UUID.randomUUID()))) {
      Cohort cohort = FaultKit.provision(db, "fbacklog", 1, 1);
      String device = cohort.devices().get(0);
      Instant dayAgo = Instant.now().minus(Duration.ofHours(25)).truncatedTo(ChronoUnit.MINUTES);
      List<String> backlog = new ArrayList<>();
      for (int i = 0; i < 288; i++) {
        Instant at = dayAgo.plus(Duration.ofMinutes(5L * i));
        boolean exacerbation = i >= 180 && i < 200;
        backlog.add(
            FaultKit.spo2Message("b-" + i, at, exacerbation ? 82 : 95, exacerbation ? 124 : 76));
      }
      Random random = new Random(7);
      List<String> upload = new ArrayList<>(backlog);
      for (int i = 0; i < 29; i++) {
        upload.add(backlog.get(random.nextInt(backlog.size())));
      }
      Collections.shuffle(upload, random);

      MqttClient client = new MqttClient(TestServices.mqttUrl(), device, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      // Paho releases an in-flight slot only after publish() has returned, so back-to-back
      // publishes can hit the
      // default limit of 10 ("Too many publishes in progress") although each one was acknowledged.
      options.setMaxInflight(100);
      client.connect(options);
      Set<String> acked = new HashSet<>();
      String topic = topicRoot + "/" + cohort.clinic() + "/devices/" + device + "/readings";
      for (String message : upload) {
        client.publish(topic, message.getBytes(StandardCharsets.UTF_8), 1, false);
        acked.add(
            device
                + "|"
                + message.substring(
                    message.indexOf("\"msgId\":\"") + 9, message.indexOf("\",\"kind\"")));
      }
      client.disconnect();
      client.close();
      assertThat(acked).hasSize(288);

      Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(60));
      Accounting.triagedAndAlertedOnce(db, cohort, Duration.ofSeconds(60));
      Accounting.escalatedOnce(db, cohort, Duration.ofSeconds(30));
      assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE level = 'CRITICAL'"))
          .as("one exacerbation, one alert")
          .isEqualTo(1);
      assertThat(outOfOrderAndNotMarkedLate(db))
          .as("triaged out of measurement order without being marked late")
          .isZero();
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  /**
   * Walks the decisive triage results in the order they were made; counts those older than one made
   * before and not marked late.
   */
  private static int outOfOrderAndNotMarkedLate(DbUrl db) throws Exception {
    int unmarked = 0;
    int late = 0;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st =
            c.prepareStatement(
                "SELECT measured_at, late FROM triage_findings WHERE decisive ORDER BY id");
        ResultSet rs = st.executeQuery()) {
      Instant newest = Instant.MIN;
      while (rs.next()) {
        Instant at = rs.getTimestamp(1).toInstant();
        if (at.isBefore(newest)) {
          late++;
          if (!rs.getBoolean(2)) {
            unmarked++;
          }
        }
        newest = at.isAfter(newest) ? at : newest;
      }
    }
    System.out.println(
        "backlog: " + late + " of 288 readings triaged after a later one (marked late)");
    return unmarked;
  }
}
