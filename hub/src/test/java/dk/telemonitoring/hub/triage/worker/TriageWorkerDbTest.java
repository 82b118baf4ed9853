package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.store.NurseTaskStore;
import dk.telemonitoring.hub.triage.PatientLimit;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker and scanner against a real PostgreSQL: outbox, repeats, late data, concurrency,
 * episodes, limits, schedules.
 */
class TriageWorkerDbTest extends TriageDbFixture {

  @Test
  void drainsTheOutboxStoresExplainedResultsAndSignalsInTheSameTransaction() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    List<TriageWorker.Triaged> triaged = new ArrayList<>();
    TriageWorker w = worker(sink).onTriaged(triaged::add);
    String m = reading(NOW.minus(Duration.ofHours(2)), "spo2", 84, "{\"oxygen\":false}");
    assertThat(await(w.drainAll())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM triage_outbox WHERE patient_id = '" + patient + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM triage_findings WHERE msg_id = '"
                    + m
                    + "' AND decisive AND level = 'CRITICAL'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM patient_limits WHERE patient_id = '"
                    + patient
                    + "' AND group_default"))
        .as("group defaults copied on enrolment")
        .isGreaterThan(0);
    assertThat(sink.signals())
        .anySatisfy(
            s -> {
              assertThat(s.level()).isEqualTo(Level.CRITICAL);
              assertThat(s.patientId()).isEqualTo(patient);
              assertThat(s.explanation().da()).isNotBlank();
            });
    assertThat(triaged)
        .singleElement()
        .satisfies(t -> assertThat(t.reply().kind().wire()).isEqualTo("will-call"));
    // One open alert per patient and rule: the same level again opens nothing; it joins the
    // open episode as its newest reading.
    int before = sink.signals().size();
    reading(NOW.minus(Duration.ofMinutes(90)), "spo2", 84, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals().subList(before, sink.signals().size()))
        .hasSize(before)
        .allSatisfy(s -> assertThat(s.opened()).isFalse());
  }

  @Test
  void aLimitsFindingNamesTheDoctorWhoSetItNotTheEmailSheSignedInWith() throws Exception {
    sql(
        "INSERT INTO app_users (id, email, display_name, role, password_hash) VALUES"
            + " (gen_random_uuid(), 'dr.berg@clinic.test', 'Ida Berg', 'DOCTOR', 'unused')");
    sql(
        "INSERT INTO patient_limits (patient_id, code, critical_low, red_low, yellow_low, author,"
            + " reason, set_at, group_default) VALUES ('"
            + patient
            + "', 'spo2', 85, 88, 90, 'dr.berg@clinic.test', 'habitual 91', now(), false)");
    String m = reading(NOW.minus(Duration.ofHours(3)), "spo2", 89, "{\"oxygen\":false}");
    await(worker(new LoggingAlertSink()).drainAll());
    String explanation =
        text(
            "SELECT explanation_en || ' / ' || explanation_da FROM triage_findings WHERE msg_id = '"
                + m
                + "' AND rule_id = 'limit.spo2'");
    assertThat(explanation)
        .contains("(set by Ida Berg: habitual 91)")
        .contains("(sat af Ida Berg: habitual 91)")
        .doesNotContain("@");
  }

  @Test
  void passiveIntervalStoresButDoesNotAlarm() throws Exception {
    sql(
        "INSERT INTO passive_intervals (patient_id, from_at, reason, created_by) VALUES ('"
            + patient
            + "', '2026-03-29T00:00:00Z', 'admitted', 'nurse-1')");
    LoggingAlertSink sink = new LoggingAlertSink();
    String m = reading(NOW.minus(Duration.ofHours(1)), "spo2", 82, null);
    await(worker(sink).drainAll());
    assertThat(sink.received()).isEmpty();
    assertThat(count("SELECT count(*) FROM triage_findings WHERE msg_id = '" + m + "' AND passive"))
        .isGreaterThan(0);
  }

  @Test
  void nonCriticalReadingWaitsForRepeatAndIsAlarmedWhenNoRepeatComes() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofMinutes(5)), "spo2", 95, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals()).isEmpty();
    assertThat(
            count(
                "SELECT count(*) FROM triage_pending_repeat WHERE patient_id = '"
                    + patient
                    + "' AND resolved_at IS NULL"))
        .isEqualTo(1);
    TriageWorker later =
        new TriageWorker(
            vertx,
            pool,
            sink,
            new dk.telemonitoring.hub.triage.engine.TriageEngine(
                dk.telemonitoring.hub.triage.TriageConfig.full()),
            50,
            Duration.ofSeconds(60),
            Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
    assertThat(await(later.expirePendingRepeats())).isEqualTo(1);
    assertThat(sink.signals())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.level()).isEqualTo(Level.YELLOW));
  }

  @Test
  void aPatientWhoseFindingsAlreadyHaveOpenAlertsIsNotAskedToRepeat() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    List<TriageWorker.Triaged> triaged = new ArrayList<>();
    TriageWorker w = worker(sink).onTriaged(triaged::add);
    // Past the repeat window already when triaged: alarmed at once, and its alerts stay open.
    reading(NOW.minus(Duration.ofMinutes(50)), "spo2", 95, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.level()).isEqualTo(Level.YELLOW));
    String again =
        reading(NOW.minus(Duration.ofMinutes(5)), "spo2", 95, "{\"oxygen\":false,\"rest\":true}");
    await(w.drainAll());
    assertThat(
            count(
                "SELECT count(*) FROM triage_pending_repeat WHERE patient_id = '" + patient + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM triage_findings WHERE msg_id = '"
                    + again
                    + "' AND repeat_requested"))
        .isZero();
    assertThat(triaged)
        .last()
        .satisfies(t -> assertThat(t.reply().kind().wire()).isNotEqualTo("repeat"));
  }

  @Test
  void lateReadingIsTriagedInItsPlaceAndMarkedLate() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofHours(1)), "pulse", 70, null);
    await(w.drainAll());
    String late = reading(NOW.minus(Duration.ofDays(2)), "pulse", 72, null);
    await(w.drainAll());
    assertThat(count("SELECT count(*) FROM triage_findings WHERE msg_id = '" + late + "' AND late"))
        .isGreaterThan(0);
  }

  @Test
  void twoWorkersDrainConcurrentlyWithoutDoubleTriage() throws Exception {
    for (int i = 0; i < 30; i++)
      reading(NOW.minus(Duration.ofMinutes(300 - i * 5)), "pulse", 70 + i % 3, null);
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker a =
        new TriageWorker(
            vertx,
            pool,
            sink,
            new dk.telemonitoring.hub.triage.engine.TriageEngine(
                dk.telemonitoring.hub.triage.TriageConfig.full()),
            7,
            Duration.ofSeconds(60),
            Clock.fixed(NOW, ZoneOffset.UTC));
    TriageWorker b =
        new TriageWorker(
            vertx,
            pool,
            sink,
            new dk.telemonitoring.hub.triage.engine.TriageEngine(
                dk.telemonitoring.hub.triage.TriageConfig.full()),
            7,
            Duration.ofSeconds(60),
            Clock.fixed(NOW, ZoneOffset.UTC));
    await(Future.all(a.drainAll(), b.drainAll()));
    assertThat(count("SELECT count(*) FROM triage_outbox WHERE patient_id = '" + patient + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(DISTINCT msg_id) FROM triage_findings WHERE patient_id = '"
                    + patient
                    + "'"))
        .isEqualTo(30);
  }

  @Test
  void partitionedDrainersTriageEachPatientOnceAndInMeasurementOrder() throws Exception {
    List<UUID> patients = new ArrayList<>(List.of(patient));
    for (int i = 0; i < 5; i++) patients.add(createPatient());
    for (int step = 0; step < 12; step++) {
      for (UUID p : patients)
        reading(p, NOW.minus(Duration.ofMinutes(120 - step * 5)), "pulse", 70 + step % 3, null);
    }
    TriageWorker partitioned =
        new TriageWorker(
            vertx,
            pool,
            new LoggingAlertSink(),
            new dk.telemonitoring.hub.triage.engine.TriageEngine(
                dk.telemonitoring.hub.triage.TriageConfig.full()),
            5,
            Duration.ofSeconds(60),
            Clock.fixed(NOW, ZoneOffset.UTC),
            3);
    assertThat(await(partitioned.drainAll())).isEqualTo(72);
    String ours =
        patients.stream().map(p -> "'" + p + "'").collect(java.util.stream.Collectors.joining(","));
    assertThat(count("SELECT count(*) FROM triage_outbox WHERE patient_id IN (" + ours + ")"))
        .isZero();
    assertThat(
            count(
                "SELECT count(DISTINCT msg_id) FROM triage_findings WHERE patient_id IN ("
                    + ours
                    + ")"))
        .isEqualTo(72);
    assertThat(
            count(
                "SELECT count(*) FROM triage_findings WHERE late AND patient_id IN (" + ours + ")"))
        .as("a patient's readings triaged out of measurement order")
        .isZero();
  }

  @Test
  void aPatientWhoHasNeverMeasuredIsEnrolledByTheScanAndMissed() throws Exception {
    MissedMeasurementScanner scanner =
        new MissedMeasurementScanner(
            vertx, pool, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    await(scanner.scan());
    assertThat(
            count(
                "SELECT count(*) FROM patient_limits WHERE group_default AND patient_id = '"
                    + patient
                    + "'"))
        .as("group defaults copied")
        .isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM nurse_tasks WHERE patient_id = '"
                    + patient
                    + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'"))
        .isEqualTo(1);
  }

  @Test
  void episodesKeepTheirHighestLevelAndOnlySuspectedOnesReachTheBaselines() throws Exception {
    Instant t = NOW.minus(Duration.ofDays(5));
    await(
        pool.withTransaction(
            tx ->
                TriageSql.openEpisode(tx, patient, "limit.spo2", t, Level.YELLOW)
                    .compose(v -> TriageSql.openEpisode(tx, patient, "limit.spo2", t, Level.RED))
                    .compose(v -> TriageSql.openEpisode(tx, patient, "limit.spo2", t, Level.YELLOW))
                    .compose(
                        v ->
                            TriageSql.openEpisode(
                                tx, patient, "news2.aggregate", t.plusSeconds(60), Level.YELLOW))
                    .compose(
                        v ->
                            TriageSql.openEpisode(
                                tx,
                                patient,
                                "baseline.spo2-drop",
                                t.plusSeconds(120),
                                Level.YELLOW))));
    // text order would keep YELLOW ('YELLOW' > 'RED'); the level order keeps RED
    assertThat(
            count(
                "SELECT count(*) FROM triage_episodes WHERE patient_id = '"
                    + patient
                    + "' AND rule_id = 'limit.spo2' AND max_level = 'RED'"))
        .isEqualTo(1);
    List<dk.telemonitoring.hub.triage.TimeInterval> seen =
        await(pool.withTransaction(tx -> TriageSql.context(tx, patient))).alertEpisodes();
    // RED limit and the personal rule freeze baselines; a YELLOW on a fixed limit (news2.aggregate)
    // does not
    assertThat(seen)
        .extracting(dk.telemonitoring.hub.triage.TimeInterval::from)
        .containsExactlyInAnyOrder(t, t.plusSeconds(120));
  }

  @Test
  void limitsAreAuditedAndCriticalFloorsCannotBeRelaxed() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    reading(NOW.minus(Duration.ofHours(1)), "pulse", 70, null);
    await(worker(sink).drainAll());
    PatientLimit ok =
        new PatientLimit(
            "spo2",
            85.0,
            86.0,
            88.0,
            null,
            null,
            null,
            "dr-berg",
            "habitual 89-91",
            NOW,
            NOW.plus(Duration.ofDays(90)),
            false);
    await(pool.withTransaction(tx -> TriageSql.setLimit(tx, patient, ok)));
    assertThat(
            count(
                "SELECT count(*) FROM patient_limit_audit WHERE patient_id = '"
                    + patient
                    + "' AND code = 'spo2' AND operation = 'UPDATE' AND changed_by = 'dr-berg'"))
        .isEqualTo(1);
    PatientLimit relaxed =
        new PatientLimit(
            "spo2", 80.0, 82.0, 85.0, null, null, null, "dr-berg", "too low", NOW, null, false);
    assertThatThrownBy(
            () -> await(pool.withTransaction(tx -> TriageSql.setLimit(tx, patient, relaxed))))
        .isInstanceOf(PatientLimit.RejectedLimitException.class);
  }

  @Test
  void missedScheduleOpensOneNurseTaskAcrossRepeatedScans() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    reading(
        Instant.parse("2026-03-22T07:00:00Z"),
        "spo2",
        97,
        null); // Thu-Sun slot met; the next two missed
    await(worker(sink).drainAll()); // enrols: default schedule copied
    MissedMeasurementScanner scanner =
        new MissedMeasurementScanner(
            vertx, pool, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    await(scanner.scan());
    await(scanner.scan());
    assertThat(
            count(
                "SELECT count(*) FROM nurse_tasks WHERE patient_id = '"
                    + patient
                    + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'"))
        .isEqualTo(1);
    assertThat(sink.signals()).isEmpty();
    sql(
        "UPDATE devices SET last_seen_at = '"
            + NOW.minus(Duration.ofDays(3))
            + "' WHERE id = 'ox-"
            + patient
            + "'");
    await(scanner.scan());
    assertThat(
            count(
                "SELECT count(*) FROM nurse_tasks WHERE patient_id = '"
                    + patient
                    + "' AND kind = 'DEVICE_OFFLINE' AND status = 'OPEN'"))
        .isEqualTo(1);
    List<String> clinic =
        List.of(text("SELECT clinic_id FROM patients WHERE id = '" + patient + "'"));
    NurseTaskStore tasks = new NurseTaskStore(pool);
    assertThat(kindsOf(patient, await(tasks.open(clinic))))
        .containsExactlyInAnyOrder("MISSED_MEASUREMENT", "DEVICE_OFFLINE");
    // The device sends again: the board stops calling it offline before the next scan.
    sql(
        "UPDATE devices SET last_seen_at = '"
            + NOW.plusSeconds(1)
            + "' WHERE id = 'ox-"
            + patient
            + "'");
    assertThat(kindsOf(patient, await(tasks.open(clinic)))).containsExactly("MISSED_MEASUREMENT");
  }

  /**
   * The kinds of this patient's tasks among the clinic's (the fixture's other patients share it).
   */
  private static List<String> kindsOf(Object patient, io.vertx.core.json.JsonArray tasks) {
    return tasks.stream()
        .map(io.vertx.core.json.JsonObject.class::cast)
        .filter(t -> t.getString("patientId").equals(patient.toString()))
        .map(t -> t.getString("kind"))
        .toList();
  }
}
