package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dk.telemonitoring.hub.triage.Hysteresis;
import dk.telemonitoring.hub.triage.Level;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The worker and scanner against a real PostgreSQL (HUB_TEST_PG_URL), in a database of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TriageWorkerDbTest {

  private static final Instant NOW = Instant.parse("2026-03-30T10:00:00Z");
  private String adminJdbc;
  private String jdbc;
  private String user;
  private String password;
  private String dbName;
  private Vertx vertx;
  private Pool pool;
  private UUID patient;
  private int msg;

  @BeforeAll
  void createDatabase() throws Exception {
    String url = System.getenv("HUB_TEST_PG_URL");
    assumeTrue(url != null && !url.isBlank(),
        "HUB_TEST_PG_URL is not set: skipping triage database tests (source .ci/env.sh after .ci/services-up)");
    URI uri = URI.create(url);
    String[] userInfo = uri.getUserInfo().split(":", 2);
    user = userInfo[0];
    password = userInfo.length > 1 ? userInfo[1] : "";
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    adminJdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath();
    dbName = "triage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminJdbc, user, password); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + dbName);
    }
    jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + dbName;
    Flyway.configure().dataSource(jdbc, user, password).locations("classpath:db/migration").load().migrate();
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
        .connectingTo(new PgConnectOptions().setHost(uri.getHost()).setPort(port).setDatabase(dbName).setUser(user)
            .setPassword(password))
        .using(vertx).build();
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (pool != null) await(pool.close());
    if (vertx != null) await(vertx.close());
    if (dbName != null) {
      try (Connection c = DriverManager.getConnection(adminJdbc, user, password); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
      }
    }
  }

  @BeforeEach
  void newPatient() throws Exception {
    patient = createPatient();
  }

  private UUID createPatient() throws Exception {
    UUID id = UUID.randomUUID();
    sql("INSERT INTO clinics (id, name) VALUES ('vios', 'Vios') ON CONFLICT DO NOTHING");
    sql("INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at) VALUES ('" + id
        + "', 'vios', 'Test', 'COPD', 'da', '2026-02-01T08:00:00Z')");
    sql("INSERT INTO devices (id, clinic_id, kind, last_seen_at) VALUES ('ox-" + id + "', 'vios', 'OXIMETER', '"
        + NOW.minus(Duration.ofHours(1)) + "')");
    sql("INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by) VALUES ('ox-" + id + "', '"
        + id + "', '2026-02-01T08:00:00Z', 'test')");
    return id;
  }

  private TriageWorker worker(LoggingAlertSink sink) {
    return new TriageWorker(vertx, pool, sink, new dk.telemonitoring.hub.triage.TriageEngine(
        dk.telemonitoring.hub.triage.TriageConfig.full()), 50, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Stores a reading and its outbox row as the ingest does (same transaction). */
  private String reading(Instant at, String code, double value, String context) throws Exception {
    return reading(patient, at, code, value, context);
  }

  private String reading(UUID patient, Instant at, String code, double value, String context) throws Exception {
    String msgId = "m" + (++msg);
    String device = "ox-" + patient;
    try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at, context) VALUES ('"
          + at + "', '" + device + "', '" + msgId + "', '" + code + "', '" + patient + "', 'vios', " + value + ", '%', '"
          + at + "', " + (context == null ? "NULL" : "'" + context + "'::jsonb") + ")");
      s.execute("INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind) VALUES ('" + patient
          + "', '" + device + "', '" + msgId + "', '" + at + "', 'reading')");
      c.commit();
    }
    return msgId;
  }

  @Test
  void drainsTheOutboxStoresExplainedResultsAndSignalsInTheSameTransaction() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    List<TriageWorker.Triaged> triaged = new ArrayList<>();
    TriageWorker w = worker(sink).onTriaged(triaged::add);
    String m = reading(NOW.minus(Duration.ofHours(2)), "spo2", 84, "{\"oxygen\":false}");
    assertThat(await(w.drainAll())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM triage_outbox WHERE patient_id = '" + patient + "'")).isZero();
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + m + "' AND decisive AND level = 'CRITICAL'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM patient_limits WHERE patient_id = '" + patient + "' AND group_default"))
        .as("group defaults copied on enrolment").isGreaterThan(0);
    assertThat(sink.signals()).anySatisfy(s -> {
      assertThat(s.level()).isEqualTo(Level.CRITICAL);
      assertThat(s.patientId()).isEqualTo(patient);
      assertThat(s.explanation().da()).isNotBlank();
    });
    assertThat(triaged).singleElement().satisfies(t -> assertThat(t.reply().kind().wire()).isEqualTo("will-call"));
    // one open alert per patient and rule: the same level again does not signal again
    int before = sink.signals().size();
    reading(NOW.minus(Duration.ofMinutes(90)), "spo2", 84, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals()).hasSize(before);
  }

  @Test
  void passiveIntervalStoresButDoesNotAlarm() throws Exception {
    sql("INSERT INTO passive_intervals (patient_id, from_at, reason, created_by) VALUES ('" + patient
        + "', '2026-03-29T00:00:00Z', 'admitted', 'nurse-1')");
    LoggingAlertSink sink = new LoggingAlertSink();
    String m = reading(NOW.minus(Duration.ofHours(1)), "spo2", 82, null);
    await(worker(sink).drainAll());
    assertThat(sink.received()).isEmpty();
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + m + "' AND passive")).isGreaterThan(0);
  }

  @Test
  void nonCriticalReadingWaitsForRepeatAndIsAlarmedWhenNoRepeatComes() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofMinutes(5)), "spo2", 95, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals()).isEmpty();
    assertThat(count("SELECT count(*) FROM triage_pending_repeat WHERE patient_id = '" + patient + "' AND resolved_at IS NULL"))
        .isEqualTo(1);
    TriageWorker later = new TriageWorker(vertx, pool, sink, new dk.telemonitoring.hub.triage.TriageEngine(
        dk.telemonitoring.hub.triage.TriageConfig.full()), 50, Duration.ofSeconds(60),
        Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
    assertThat(await(later.expirePendingRepeats())).isEqualTo(1);
    assertThat(sink.signals()).isNotEmpty().allSatisfy(s -> assertThat(s.level()).isEqualTo(Level.YELLOW));
  }

  @Test
  void aPatientWhoseFindingsAlreadyHaveOpenAlertsIsNotAskedToRepeat() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    List<TriageWorker.Triaged> triaged = new ArrayList<>();
    TriageWorker w = worker(sink).onTriaged(triaged::add);
    // Past the repeat window already when triaged: alarmed at once, and its alerts stay open.
    reading(NOW.minus(Duration.ofMinutes(50)), "spo2", 95, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals()).isNotEmpty().allSatisfy(s -> assertThat(s.level()).isEqualTo(Level.YELLOW));
    String again = reading(NOW.minus(Duration.ofMinutes(5)), "spo2", 95, "{\"oxygen\":false,\"rest\":true}");
    await(w.drainAll());
    assertThat(count("SELECT count(*) FROM triage_pending_repeat WHERE patient_id = '" + patient + "'")).isZero();
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + again + "' AND repeat_requested"))
        .isZero();
    assertThat(triaged).last().satisfies(t -> assertThat(t.reply().kind().wire()).isNotEqualTo("repeat"));
  }

  @Test
  void lateReadingIsTriagedInItsPlaceAndMarkedLate() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofHours(1)), "pulse", 70, null);
    await(w.drainAll());
    String late = reading(NOW.minus(Duration.ofDays(2)), "pulse", 72, null);
    await(w.drainAll());
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + late + "' AND late")).isGreaterThan(0);
  }

  @Test
  void twoWorkersDrainConcurrentlyWithoutDoubleTriage() throws Exception {
    for (int i = 0; i < 30; i++) reading(NOW.minus(Duration.ofMinutes(300 - i * 5)), "pulse", 70 + i % 3, null);
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker a = new TriageWorker(vertx, pool, sink, new dk.telemonitoring.hub.triage.TriageEngine(
        dk.telemonitoring.hub.triage.TriageConfig.full()), 7, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
    TriageWorker b = new TriageWorker(vertx, pool, sink, new dk.telemonitoring.hub.triage.TriageEngine(
        dk.telemonitoring.hub.triage.TriageConfig.full()), 7, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
    await(Future.all(a.drainAll(), b.drainAll()));
    assertThat(count("SELECT count(*) FROM triage_outbox WHERE patient_id = '" + patient + "'")).isZero();
    assertThat(count("SELECT count(DISTINCT msg_id) FROM triage_results WHERE patient_id = '" + patient + "'")).isEqualTo(30);
  }

  @Test
  void partitionedDrainersTriageEachPatientOnceAndInMeasurementOrder() throws Exception {
    List<UUID> patients = new ArrayList<>(List.of(patient));
    for (int i = 0; i < 5; i++) patients.add(createPatient());
    for (int step = 0; step < 12; step++) {
      for (UUID p : patients) reading(p, NOW.minus(Duration.ofMinutes(120 - step * 5)), "pulse", 70 + step % 3, null);
    }
    TriageWorker partitioned = new TriageWorker(vertx, pool, new LoggingAlertSink(),
        new dk.telemonitoring.hub.triage.TriageEngine(dk.telemonitoring.hub.triage.TriageConfig.full()), 5,
        Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC), 3);
    assertThat(await(partitioned.drainAll())).isEqualTo(72);
    String ours = patients.stream().map(p -> "'" + p + "'").collect(java.util.stream.Collectors.joining(","));
    assertThat(count("SELECT count(*) FROM triage_outbox WHERE patient_id IN (" + ours + ")")).isZero();
    assertThat(count("SELECT count(DISTINCT msg_id) FROM triage_results WHERE patient_id IN (" + ours + ")")).isEqualTo(72);
    assertThat(count("SELECT count(*) FROM triage_results WHERE late AND patient_id IN (" + ours + ")"))
        .as("a patient's readings triaged out of measurement order").isZero();
  }

  @Test
  void aPatientWhoHasNeverMeasuredIsEnrolledByTheScanAndMissed() throws Exception {
    MissedMeasurementScanner scanner = new MissedMeasurementScanner(vertx, pool, Duration.ofMinutes(5),
        Clock.fixed(NOW, ZoneOffset.UTC));
    await(scanner.scan());
    assertThat(count("SELECT count(*) FROM patient_limits WHERE group_default AND patient_id = '" + patient + "'"))
        .as("group defaults copied").isPositive();
    assertThat(count("SELECT count(*) FROM nurse_tasks WHERE patient_id = '" + patient
        + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'")).isEqualTo(1);
  }

  @Test
  void episodesKeepTheirHighestLevelAndOnlySuspectedOnesReachTheBaselines() throws Exception {
    Instant t = NOW.minus(Duration.ofDays(5));
    await(pool.withTransaction(tx -> TriageSql.openEpisode(tx, patient, "limit.spo2", t, Level.YELLOW)
        .compose(v -> TriageSql.openEpisode(tx, patient, "limit.spo2", t, Level.RED))
        .compose(v -> TriageSql.openEpisode(tx, patient, "limit.spo2", t, Level.YELLOW))
        .compose(v -> TriageSql.openEpisode(tx, patient, "news2.aggregate", t.plusSeconds(60), Level.YELLOW))
        .compose(v -> TriageSql.openEpisode(tx, patient, "baseline.spo2-drop", t.plusSeconds(120), Level.YELLOW))));
    // text order would keep YELLOW ('YELLOW' > 'RED'); the level order keeps RED
    assertThat(count("SELECT count(*) FROM triage_episodes WHERE patient_id = '" + patient
        + "' AND rule_id = 'limit.spo2' AND max_level = 'RED'")).isEqualTo(1);
    List<dk.telemonitoring.hub.triage.TimeInterval> seen = await(pool.withTransaction(tx -> TriageSql.context(tx, patient)))
        .alertEpisodes();
    // RED limit and the personal rule freeze baselines; a YELLOW on a fixed limit (news2.aggregate) does not
    assertThat(seen).extracting(dk.telemonitoring.hub.triage.TimeInterval::from)
        .containsExactlyInAnyOrder(t, t.plusSeconds(120));
  }

  @Test
  void limitsAreAuditedAndCriticalFloorsCannotBeRelaxed() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    reading(NOW.minus(Duration.ofHours(1)), "pulse", 70, null);
    await(worker(sink).drainAll());
    PatientLimit ok = new PatientLimit("spo2", 85.0, 86.0, 88.0, null, null, null, "dr-berg", "habitual 89-91",
        NOW, NOW.plus(Duration.ofDays(90)), false);
    await(pool.withTransaction(tx -> TriageSql.setLimit(tx, patient, ok)));
    assertThat(count("SELECT count(*) FROM patient_limit_audit WHERE patient_id = '" + patient
        + "' AND code = 'spo2' AND operation = 'UPDATE' AND changed_by = 'dr-berg'")).isEqualTo(1);
    PatientLimit relaxed = new PatientLimit("spo2", 80.0, 82.0, 85.0, null, null, null, "dr-berg", "too low", NOW, null, false);
    assertThatThrownBy(() -> await(pool.withTransaction(tx -> TriageSql.setLimit(tx, patient, relaxed))))
        .isInstanceOf(PatientLimit.RejectedLimitException.class);
  }

  @Test
  void missedScheduleOpensOneNurseTaskAcrossRepeatedScans() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    reading(Instant.parse("2026-03-22T07:00:00Z"), "spo2", 97, null); // Thu-Sun slot met; the next two missed
    await(worker(sink).drainAll()); // enrols: default schedule copied
    MissedMeasurementScanner scanner = new MissedMeasurementScanner(vertx, pool, Duration.ofMinutes(5),
        Clock.fixed(NOW, ZoneOffset.UTC));
    await(scanner.scan());
    await(scanner.scan());
    assertThat(count("SELECT count(*) FROM nurse_tasks WHERE patient_id = '" + patient
        + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'")).isEqualTo(1);
    assertThat(sink.signals()).isEmpty();
    sql("UPDATE devices SET last_seen_at = '" + NOW.minus(Duration.ofDays(3)) + "' WHERE id = 'ox-" + patient + "'");
    await(scanner.scan());
    assertThat(count("SELECT count(*) FROM nurse_tasks WHERE patient_id = '" + patient
        + "' AND kind = 'DEVICE_OFFLINE' AND status = 'OPEN'")).isEqualTo(1);
  }

  @Test
  void aWearablesNightsDoNotFulfilAScheduledSpotCheck() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    reading(Instant.parse("2026-03-22T07:00:00Z"), "spo2", 97, null); // as above: the next two slots are missed
    await(worker(sink).drainAll());
    sql("INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at,"
        + " flags) SELECT t, 'ox-" + patient + "', 'night-' || n, 'spo2', '" + patient + "', 'vios', 93, '%', t,"
        + " '{continuous}' FROM generate_series(0, 7 * 24 - 1) n,"
        + " LATERAL (SELECT timestamptz '2026-03-23T00:00:00Z' + n * interval '1 hour' AS t) x");
    await(new MissedMeasurementScanner(vertx, pool, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC)).scan());
    assertThat(count("SELECT count(*) FROM nurse_tasks WHERE patient_id = '" + patient
        + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'")).isEqualTo(1);
  }

  @Test
  void continuousSamplesAreJudgedAgainstLimitsButNeitherBuildNorMeetTheBaseline() throws Exception {
    // A month of morning spot checks at 95% and, each night, 300 streamed samples at 88% (sleep runs lower).
    String device = "ox-" + patient;
    sql("INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)"
        + " SELECT t, '" + device + "', 'spot-' || d, 'spo2', '" + patient + "', 'vios', 95, '%', t"
        + " FROM generate_series(5, 34) d, LATERAL (SELECT timestamptz '" + NOW + "' - d * interval '1 day' AS t) x");
    sql("INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at,"
        + " flags) SELECT t, '" + device + "', 'night-' || d || '-' || s, 'spo2', '" + patient + "', 'vios', 88, '%',"
        + " t, '{continuous}' FROM generate_series(5, 34) d, generate_series(1, 300) s,"
        + " LATERAL (SELECT timestamptz '" + NOW + "' - d * interval '1 day' - interval '8 hours' + s * interval '10 seconds' AS t) x");
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);

    String spot = reading(NOW.minus(Duration.ofMinutes(20)), "spo2", 92, "{\"rest\":true}");
    String sample = continuousReading(NOW.minus(Duration.ofMinutes(10)), 91);
    String low = continuousReading(NOW.minus(Duration.ofMinutes(5)), 83);
    await(w.drainAll());
    // One sample below the CRITICAL floor is an artefact until the next 14 hold it (Hysteresis).
    assertThat(sink.signals()).noneSatisfy(s -> assertThat(s.level()).isEqualTo(Level.CRITICAL));
    for (int i = 1; i < Hysteresis.CONTINUOUS_RAISE_AFTER; i++) {
      continuousReading(NOW.minus(Duration.ofMinutes(5)).plusSeconds(i), 83);
    }
    await(w.drainAll());

    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + spot
        + "' AND rule_id = 'baseline.spo2-drop' AND level = 'RED'"))
        .as("3 below the spot checks' 95, not measured against the nights' 88").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + sample
        + "' AND (rule_id LIKE 'baseline.%' OR rule_id LIKE 'trend.%')")).isZero();
    assertThat(count("SELECT count(*) FROM triage_results WHERE msg_id = '" + low
        + "' AND rule_id = 'limit.spo2' AND level = 'CRITICAL'")).isEqualTo(1);
    assertThat(sink.signals()).anySatisfy(s -> assertThat(s.level()).isEqualTo(Level.CRITICAL));

    // What one triage reads: every spot check of the look-back, streamed samples of the last hour only.
    List<Observation> history = await(pool.withConnection(c -> TriageSql.history(c, patient,
        NOW.minus(Duration.ofDays(91)), NOW, NOW.minus(Duration.ofHours(1)))));
    assertThat(history.stream().filter(o -> !o.continuous())).hasSize(31);
    assertThat(history.stream().filter(Observation::continuous)).hasSize(1 + Hysteresis.CONTINUOUS_RAISE_AFTER);
  }

  @Test
  void aRunOfContinuousSamplesAlertsAtTheLevelItHeldThroughout() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    // COPD group limits: 89% is YELLOW, 83% CRITICAL. Fourteen YELLOW samples, then one CRITICAL.
    for (int i = 0; i < Hysteresis.CONTINUOUS_RAISE_AFTER - 1; i++) {
      continuousReading(NOW.minus(Duration.ofMinutes(2)).plusSeconds(i), 89);
    }
    continuousReading(NOW.minus(Duration.ofMinutes(1)), 83);
    await(worker(sink).drainAll());

    assertThat(sink.signals()).filteredOn(s -> s.ruleId().equals("limit.spo2")).singleElement()
        .satisfies(s -> assertThat(s.level()).isEqualTo(Level.YELLOW));
    assertThat(count("SELECT count(*) FROM triage_episodes WHERE patient_id = '" + patient
        + "' AND rule_id = 'limit.spo2' AND max_level = 'YELLOW' AND closed_at IS NULL")).isEqualTo(1);
  }

  private String continuousReading(Instant at, double spo2) throws Exception {
    String msgId = reading(at, "spo2", spo2, "{\"continuous\":true}");
    sql("UPDATE readings SET flags = '{continuous}' WHERE msg_id = '" + msgId + "'");
    return msgId;
  }

  private void sql(String s) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement st = c.createStatement()) {
      st.execute(s);
    }
  }

  private long count(String q) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(q)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (e.getCause() instanceof Exception ex) ? ex : e;
    }
  }
}
