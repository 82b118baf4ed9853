package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.AlertsConfig;
import dk.telemonitoring.alerts.AlertsMigrations;
import dk.telemonitoring.alerts.domain.AlertException;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.CopdPatients;
import dk.telemonitoring.hub.support.SteppedClock;
import dk.telemonitoring.hub.support.TestPools;
import dk.telemonitoring.hub.support.TestServices;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import dk.telemonitoring.hub.triage.worker.TriageWorker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * However triage loads what it needs, it must decide exactly what triaging one patient per
 * transaction from the database decides. One seed of generated SpO2 and pulse readings for 30
 * patients (some on an SpO2 prescription, some admitted for a while, some with continuous samples,
 * some readings late, some given a stricter limit by a doctor half-way), delivered in rounds with a
 * nurse resolving or acknowledging alerts in between and unconfirmed repeats expiring, is triaged
 * on three databases with the real alerts module:
 *
 * <ul>
 *   <li>the reference: batch size 1 (one reading, so one patient, per transaction), every history
 *       read from the database;
 *   <li>batched: batch size 500 (a round's readings of every patient in one transaction, loaded one
 *       statement per kind), still from the database;
 *   <li>remembered: batches of 7 (so a patient's readings span batches) by two hubs that each keep
 *       their patients' histories in memory, taking turns round by round, the first restarted (its
 *       memory lost) half-way.
 * </ul>
 *
 * Results, rule states, episodes, pending repeats and alerts with their findings must be the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TriageMatchesOnePatientAtATimeTest {

  private static final long SEED = 42;
  private static final int PATIENTS = 30;
  private static final int ROUNDS = 8;
  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
  private static final Duration ROUND = Duration.ofHours(2);

  /**
   * SpO2 and pulse for a COPD patient under the group defaults: SpO2 90/88/85, pulse 111/131/150.
   */
  private static final double[][] VALUES = {
    {96, 72}, {96, 72}, {96, 72}, {89, 72}, {96, 115}, {87, 80}, {95, 135}, {82, 90}, {95, 155}
  };

  private DbUrl server;
  private final List<DbUrl> dbs = new ArrayList<>();
  private final List<Pool> pools = new ArrayList<>();
  private Vertx vertx;

  @BeforeAll
  void createDatabases() {
    server = TestServices.postgres();
    vertx = Vertx.vertx();
    for (String name : List.of("onebyone", "batched", "remembered")) {
      DbUrl db = TestServices.freshDatabase(server, name);
      dbs.add(db);
      Flyway.configure()
          .dataSource(db.jdbcUrl(), db.user(), db.password())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      AlertsMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
      pools.add(TestPools.of(vertx, db, 4));
    }
  }

  @AfterAll
  void dropDatabases() {
    pools.forEach(p -> p.close().await());
    if (vertx != null) vertx.close().await();
    dbs.forEach(db -> TestServices.dropDatabase(db, server));
  }

  @Test
  void batchedAndRememberedTriageDecideAsOnePatientPerBatchFromTheDatabase() {
    run(pools.get(0), 1, 0, 1);
    run(pools.get(1), 500, 0, 1);
    run(pools.get(2), 7, TriageWorker.DEFAULT_MEMORY_READINGS, 2);

    for (String query : COMPARED) {
      List<String> oneByOne = rows(pools.get(0), query);
      assertThat(rows(pools.get(1), query))
          .as("batched: " + query)
          .isNotEmpty()
          .containsExactlyElementsOf(oneByOne);
      assertThat(rows(pools.get(2), query))
          .as("remembered: " + query)
          .containsExactlyElementsOf(oneByOne);
    }
    assertThat(rows(pools.get(2), "SELECT count(*) FROM triage_patient_stamps"))
        .as("every patient's triage was stamped")
        .containsExactly(String.valueOf(PATIENTS));
    assertThat(
            rows(
                pools.get(1),
                "SELECT count(*) FROM triage_findings r JOIN patient_limits l USING (patient_id)"
                    + " WHERE l.code = 'spo2' AND NOT l.group_default AND r.rule_id = 'limit.spo2'"
                    + " AND r.level <> 'GREEN' AND r.measured_at >= l.set_at"))
        .as("the doctor's stricter limits decided readings after they were set")
        .isNotEqualTo(List.of("0"));
    assertThat(rows(pools.get(1), "SELECT DISTINCT level FROM triage_findings ORDER BY level"))
        .as("the seed reaches every level")
        .containsExactly("CRITICAL", "GREEN", "RED", "YELLOW");
    assertThat(rows(pools.get(1), "SELECT DISTINCT state FROM alerts ORDER BY state"))
        .as("the nurse resolved some alerts and left others open")
        .contains("RESOLVED", "OPEN");
    assertThat(
            rows(
                pools.get(1),
                "SELECT DISTINCT rule_id FROM triage_findings WHERE level <> 'GREEN' ORDER BY 1"))
        .as("the seed reaches the rules that read the history")
        .anyMatch(rule -> rule.startsWith("baseline."));
    assertThat(rows(pools.get(1), "SELECT DISTINCT late FROM triage_findings ORDER BY late"))
        .as("some readings arrived late")
        .containsExactly("false", "true");
    assertThat(
            rows(
                pools.get(1),
                "SELECT count(*) > 0 FROM triage_findings r JOIN readings s USING (device_id, msg_id)"
                    + " WHERE s.flags @> ARRAY['continuous']"))
        .as("some readings were continuous samples")
        .containsExactly("true");
    assertThat(rows(pools.get(1), "SELECT count(*) FROM triage_outbox")).containsExactly("0");
  }

  /** What triage decided, per patient, without ids or times a database chose itself. */
  private static final List<String> COMPARED =
      List.of(
          """
          SELECT patient_id, msg_id, rule_id, rule_version, level, message_level, decisive, passive,
                 repeat_requested, late, inputs::text, explanation_en, explanation_da
          FROM triage_findings ORDER BY patient_id, measured_at, msg_id, rule_id""",
          """
          SELECT patient_id, rule_id, level, lower_streak, lower_level, opened_at, last_at,
                 raise_streak, raise_level
          FROM triage_rule_state ORDER BY patient_id, rule_id""",
          """
          SELECT patient_id, rule_id, opened_at, closed_at, max_level
          FROM triage_episodes ORDER BY patient_id, rule_id, opened_at""",
          """
          SELECT patient_id, msg_id, measured_at, level, await_until, resolved_at, resolution
          FROM triage_pending_repeat ORDER BY patient_id, msg_id""",
          """
          SELECT patient_id, rule_id, level, state, reading_ref, first_measured_at, last_measured_at,
                 opened_at
          FROM alerts ORDER BY patient_id, first_measured_at, opened_at""",
          """
          SELECT a.patient_id, a.first_measured_at, f.rule_id, f.level, f.reading_ref,
                 f.first_measured_at, f.last_measured_at, f.cleared_at, f.explanation, f.inputs::text
          FROM alert_findings f JOIN alerts a ON a.id = f.alert_id
          ORDER BY a.patient_id, a.first_measured_at, f.rule_id""",
          "SELECT patient_id, code, author FROM patient_limits ORDER BY patient_id, code");

  /**
   * The same readings, clock, doctor and nurse on {@code pool}, triaged {@code batchSize} rows at a
   * time by {@code hubs} workers taking turns round by round, each remembering up to {@code memory}
   * readings; the first is replaced by a new one (a restart) half-way.
   */
  private void run(Pool pool, int batchSize, long memory, int hubs) {
    Random random = new Random(SEED);
    SteppedClock clock = new SteppedClock(START);
    AlertService alerts = new AlertService(pool, AlertsConfig.defaults(), clock);
    TriageEngine engine = new TriageEngine(TriageConfig.full());
    List<TriageWorker> workers = new ArrayList<>();
    for (int h = 0; h < hubs; h++) {
      workers.add(worker(pool, alerts, engine, batchSize, clock, memory));
    }
    pool.query("INSERT INTO clinics (id, name) VALUES ('vios', 'Vios') ON CONFLICT DO NOTHING")
        .execute()
        .await();
    List<UUID> patients = new ArrayList<>();
    for (int i = 0; i < PATIENTS; i++) {
      UUID id =
          UUID.nameUUIDFromBytes(("patient-" + SEED + "-" + i).getBytes(StandardCharsets.UTF_8));
      patients.add(id);
      createPatient(pool, id, i);
    }
    int msg = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Instant base = START.plus(ROUND.multipliedBy(round));
      if (round == ROUNDS / 2) {
        workers.set(0, worker(pool, alerts, engine, batchSize, clock, memory));
      }
      if (round == 3) {
        for (int i = 0; i < PATIENTS; i += 4) stricterSpo2Limit(pool, patients.get(i), base);
      }
      TriageWorker worker = workers.get(round % hubs);
      for (int i = 0; i < PATIENTS; i++) {
        UUID patient = patients.get(i);
        // Now and then a reading of the previous round arrives late (stored first, so that both
        // runs take the patient's readings in the same order).
        if (round > 0 && random.nextInt(5) == 0) {
          double[] v = VALUES[random.nextInt(VALUES.length)];
          Instant at = base.minus(Duration.ofMinutes(5 + random.nextInt(100)));
          reading(pool, patient, at, v[0], v[1], ++msg, false);
        }
        int readings = random.nextInt(4);
        List<Long> minutes = new ArrayList<>();
        for (int k = 0; k < readings; k++) minutes.add((long) random.nextInt(115));
        minutes.sort(null);
        for (long m : minutes) {
          double[] v = VALUES[random.nextInt(VALUES.length)];
          // Every third patient wears a continuous oximeter besides the spot checks.
          boolean continuous = i % 3 == 0 && random.nextBoolean();
          reading(pool, patient, base.plus(Duration.ofMinutes(m)), v[0], v[1], ++msg, continuous);
        }
      }
      // Triage a few minutes before the round's end: its last readings may still be repeated.
      clock.set(base.plus(ROUND).minus(Duration.ofMinutes(5)));
      worker.drainAll().await();
      for (UUID patient : patients) {
        nurse(alerts, patient, random.nextInt(4));
      }
      clock.set(base.plus(ROUND).plus(engine.config().repeatWindow()));
      while (worker.expirePendingRepeats().await() > 0) {
        // Until every unrepeated reading whose window passed is alarmed.
      }
    }
  }

  private TriageWorker worker(
      Pool pool,
      AlertService alerts,
      TriageEngine engine,
      int batchSize,
      SteppedClock clock,
      long memory) {
    return new TriageWorker(
        vertx,
        pool,
        new AlertsBridge(alerts),
        engine,
        batchSize,
        Duration.ofHours(1),
        clock,
        1,
        memory);
  }

  /** A doctor raises the patient's SpO2 limits above the group's 90/88/85 while readings flow. */
  private static void stricterSpo2Limit(Pool pool, UUID patient, Instant at) {
    int updated =
        pool.preparedQuery(
                "UPDATE patient_limits SET yellow_low = 94, red_low = 92, critical_low = 86,"
                    + " author = 'laege@vios.test', reason = 'stricter after exacerbation',"
                    + " set_at = $2, group_default = false WHERE patient_id = $1 AND code = 'spo2'")
            .execute(Tuple.of(patient, utc(at)))
            .await()
            .rowCount();
    assertThat(updated).as("the patient was enrolled with group limits").isEqualTo(1);
  }

  /** 1 resolves the patient's open alert, 0 acknowledges it, else nothing. */
  private static void nurse(AlertService alerts, UUID patient, int action) {
    if (action > 1) return;
    alerts.openAlerts(List.of("vios")).await().stream()
        .map(QueueEntry::alert)
        .filter(a -> a.patientId().equals(patient))
        .findFirst()
        .ifPresent(
            a -> {
              try {
                if (action == 1) {
                  alerts.resolve(a.id(), "nurse-p", CareOutcome.ADVICE_BY_PHONE, null).await();
                } else {
                  alerts.acknowledge(a.id(), "nurse-p", null).await();
                }
              } catch (AlertException refused) {
                // Not allowed in the alert's state: changes nothing, in both runs alike.
              }
            });
  }

  /**
   * Every fifth patient has an SpO2 prescription (88-92 %); every seventh was admitted for a while
   * (readings scored, never alarmed).
   */
  private static void createPatient(Pool pool, UUID id, int i) {
    pool.withTransaction(
            tx ->
                CopdPatients.insertWithOximeter(tx, id)
                    // Three weeks of the patient's own morning readings before the test: the
                    // baseline and trend rules read them from the history.
                    .compose(
                        x ->
                            tx.preparedQuery(
                                    "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id,"
                                        + " value, unit, received_at) SELECT $2::timestamptz - n * interval '1 day', $3, 'h' || n || c.code, c.code,"
                                        + " $1, 'vios', c.base + n % 3, c.unit, $2::timestamptz - n * interval '1 day'"
                                        + " FROM generate_series(1, 21) n, (VALUES ('spo2', $4::float8, '%'),"
                                        + " ('pulse', $5::float8, '/min')) AS c(code, base, unit)")
                                .execute(
                                    Tuple.of(
                                        id, utc(START), "ox-" + id, 93.0 + i % 4, 62.0 + i % 20)))
                    .compose(
                        x ->
                            i % 5 != 0
                                ? io.vertx.core.Future.succeededFuture()
                                : tx.preparedQuery(
                                        "INSERT INTO spo2_prescriptions (patient_id, prescribed_by, reason, prescribed_at)"
                                            + " VALUES ($1, 'Dr. Test', 'chronic hypoxaemia', '2026-02-01T08:00:00Z')")
                                    .execute(Tuple.of(id)))
                    .compose(
                        x ->
                            i % 7 != 0
                                ? io.vertx.core.Future.succeededFuture()
                                : tx.preparedQuery(
                                        "INSERT INTO passive_intervals (patient_id, from_at, to_at, reason, created_by, kind)"
                                            + " VALUES ($1, $2, $3, 'admitted', 'test', 'ADMISSION')")
                                    .execute(
                                        Tuple.of(
                                            id,
                                            utc(START.plus(ROUND.multipliedBy(2))),
                                            utc(START.plus(ROUND.multipliedBy(4)))))))
        .await();
  }

  /**
   * Stores the reading (SpO2 and pulse) and its outbox row as the ingest does, in one transaction.
   */
  private static void reading(
      Pool pool, UUID patient, Instant at, double spo2, double pulse, int msg, boolean continuous) {
    String msgId = "m" + msg;
    String device = "ox-" + patient;
    OffsetDateTime ts = utc(at);
    JsonObject context = new JsonObject().put("oxygen", false);
    String[] flags = continuous ? new String[] {"continuous"} : new String[0];
    pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit,"
                            + " received_at, context, flags) VALUES ($1, $2, $3, $4, $5, 'vios', $6, $7, $1, $8, $9)")
                    .executeBatch(
                        List.of(
                            Tuple.of(ts, device, msgId, "spo2", patient, spo2, "%", context, flags),
                            Tuple.of(
                                ts, device, msgId, "pulse", patient, pulse, "/min", context,
                                flags)))
                    .compose(
                        x ->
                            tx.preparedQuery(
                                    "INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind)"
                                        + " VALUES ($1, $2, $3, $4, 'reading')")
                                .execute(Tuple.of(patient, device, msgId, ts))))
        .await();
  }

  private static List<String> rows(Pool pool, String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : pool.query(sql).execute().await()) {
      out.add(
          java.util.stream.IntStream.range(0, r.size())
              .mapToObj(i -> String.valueOf(r.getValue(i)))
              .collect(Collectors.joining(" | ")));
    }
    return out;
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
