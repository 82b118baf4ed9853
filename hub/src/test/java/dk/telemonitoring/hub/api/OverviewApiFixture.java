package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A real hub and database with a clinic built for the overview: four patients in two municipalities
 * (one without care facts) with different equality factors and enrolment dates, daily SpO2
 * schedules with known gaps (one patient stops measuring, one is admitted for four days), acute
 * contacts and bed days recorded for the year before enrolment, and alerts at every level
 * acknowledged and resolved at known times with outcomes on the care ladder, among them a hospital
 * admission closed with a discharge date and one opened before the period. Each concrete class
 * builds it in a fresh database of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OverviewApiFixture {

  static final String CLINIC = "ovw";
  static final String PASSWORD = "overview test password";
  static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
  static final int DAYS = 30;
  static final Duration GRACE = Duration.ofHours(2);
  static final double YEAR_DAYS = 365.25;

  DbUrl db;
  TestHub hub;
  String base;
  Instant now;
  LocalDate today;
  UUID p1;
  UUID p2;
  UUID p3;
  UUID p4;
  LocalDate p2Start;

  @BeforeAll
  void buildTheClinic() {
    hub = TestHub.inFreshDatabase(databasePrefix());
    db = hub.db();
    base = hub.httpBase();
    now = Instant.now();
    today = now.atZone(ZONE).toLocalDate();
    Sql.exec(
        db,
        "INSERT INTO clinics (id, name, timezone) VALUES (?, 'Overview clinic', 'Europe/Copenhagen'), ('ovw-other', 'Other', 'Europe/Copenhagen')",
        CLINIC);
    p1 = patient(CLINIC, now.minus(Duration.ofDays(60)));
    p2 = patient(CLINIC, now.minus(Duration.ofDays(20)));
    p3 = patient(CLINIC, now.minus(Duration.ofDays(60)));
    p4 = patient(CLINIC, now.minus(Duration.ofDays(5)));
    patient(CLINIC, now.plus(Duration.ofDays(2))); // enrolment booked, not yet enrolled
    UUID elsewhere = patient("ovw-other", now.minus(Duration.ofDays(60)));
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "nurse@ovw.test", PASSWORD, "nurse", CLINIC);
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor@ovw.test", PASSWORD, "doctor", CLINIC);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@ovw.test", PASSWORD);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor@ovw.test", PASSWORD);

    // Care facts, with the year before enrolment from the hospital and municipal records (not for
    // p4).
    care(
        nurse,
        p1,
        new JsonObject()
            .put("municipality", "København")
            .put("noOwnGp", true)
            .put("acuteContactsYearBefore", 3)
            .put("bedDaysYearBefore", 12));
    care(
        nurse,
        p2,
        new JsonObject()
            .put("municipality", "København")
            .put("livesAlone", true)
            .put("acuteContactsYearBefore", 1)
            .put("bedDaysYearBefore", 0));
    care(
        nurse,
        p3,
        new JsonObject()
            .put("municipality", "Aarhus")
            .put("needsTabletHelp", true)
            .put("acuteContactsYearBefore", 2)
            .put("bedDaysYearBefore", 5));

    // Daily SpO2 from each enrolment day. p1 misses three days; p2 measures its first ten days and
    // then stops;
    // p3 measures every day except the four it is admitted (passive), which are not due; p4 has no
    // schedule.
    p2Start = now.minus(Duration.ofDays(20)).atZone(ZONE).toLocalDate();
    schedule(doctor, p1, now.minus(Duration.ofDays(60)).atZone(ZONE).toLocalDate());
    schedule(doctor, p2, p2Start);
    schedule(doctor, p3, now.minus(Duration.ofDays(60)).atZone(ZONE).toLocalDate());
    Set<LocalDate> p1Gaps = Set.of(today.minusDays(5), today.minusDays(8), today.minusDays(12));
    Set<LocalDate> p3Admitted =
        Set.of(today.minusDays(15), today.minusDays(14), today.minusDays(13), today.minusDays(12));
    for (LocalDate d = today.minusDays(DAYS + 2); !d.isAfter(today); d = d.plusDays(1)) {
      if (!p1Gaps.contains(d)) {
        reading(p1, d);
      }
      if (!d.isBefore(p2Start) && d.isBefore(p2Start.plusDays(10))) {
        reading(p2, d);
      }
      if (!p3Admitted.contains(d)) {
        reading(p3, d);
      }
    }
    reading(elsewhere, today.minusDays(1));
    Sql.exec(
        db,
        "INSERT INTO passive_intervals (patient_id, from_at, to_at, reason, created_by) VALUES (?, ?, ?, 'admitted', 'test')",
        p3,
        utc(today.minusDays(15).atStartOfDay(ZONE).toInstant()),
        utc(today.minusDays(11).atStartOfDay(ZONE).toInstant()));

    // Alerts at known times. "Today" is the clinic's local day; alerts opened today sit halfway
    // into it.
    Instant midToday =
        today
            .atStartOfDay(ZONE)
            .toInstant()
            .plus(Duration.between(today.atStartOfDay(ZONE).toInstant(), now).dividedBy(2));
    Instant admitted = now.minus(Duration.ofDays(10));
    alert(
        p1,
        CLINIC,
        "spo2.limit",
        "RED",
        "RESOLVED",
        admitted,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        "HOSPITAL_ADMISSION",
        admitted.plus(Duration.ofHours(1)).atZone(ZONE).toLocalDate().plusDays(4));
    Instant before =
        now.minus(Duration.ofDays(40)); // before the period: neither counted nor its bed days
    alert(
        p1,
        CLINIC,
        "pulse.limit",
        "RED",
        "RESOLVED",
        before,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        "HOSPITAL_ADMISSION",
        before.atZone(ZONE).toLocalDate().plusDays(7));
    alert(
        p2,
        CLINIC,
        "weight.trend",
        "YELLOW",
        "RESOLVED",
        now.minus(Duration.ofDays(5)),
        Duration.ofHours(4),
        Duration.ofMinutes(30),
        Duration.ofHours(2),
        "ADVICE_BY_PHONE",
        null);
    alert(
        p3,
        CLINIC,
        "fev1.trend",
        "RED",
        "RESOLVED",
        now.minus(Duration.ofDays(3)),
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofHours(3),
        "ACUTE_HOME_VISIT",
        null);
    alert(
        p2,
        CLINIC,
        "spo2.floor",
        "CRITICAL",
        "OPEN",
        midToday,
        Duration.ofDays(1),
        null,
        null,
        null,
        null);
    alert(
        p3,
        CLINIC,
        "spo2.limit",
        "RED",
        "ACKNOWLEDGED",
        midToday,
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        null,
        null,
        null);
    // Resolved at once, never acknowledged: the resolution is the response (30 min, past its 20 min
    // deadline).
    alert(
        p1,
        CLINIC,
        "cat.rise",
        "YELLOW",
        "RESOLVED",
        midToday,
        Duration.ofMinutes(20),
        null,
        Duration.ofMinutes(30),
        "NO_ACTION_NEEDED",
        null);
    alert(
        elsewhere,
        "ovw-other",
        "spo2.floor",
        "CRITICAL",
        "RESOLVED",
        midToday,
        Duration.ofMinutes(15),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        "HOSPITAL_ADMISSION",
        today);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private UUID patient(String clinic, Instant enrolledAt) {
    UUID id = UUID.randomUUID();
    Sql.exec(
        db,
        "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at) VALUES (?, ?, ?, 'COPD', 'da', ?)",
        id,
        clinic,
        "Patient " + id.toString().substring(0, 4),
        utc(enrolledAt));
    return id;
  }

  static void care(ApiClient nurse, UUID patient, JsonObject body) {
    HttpResponse<String> r =
        nurse.send("PUT", "/api/v1/patients/" + patient + "/care", body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static void schedule(ApiClient doctor, UUID patient, LocalDate start) {
    HttpResponse<String> r =
        doctor.send(
            "PUT",
            "/api/v1/patients/" + patient + "/schedules/spo2",
            new JsonObject()
                .put("phases", "DAILY:0-")
                .put("startDate", start.toString())
                .put("graceMinutes", (int) GRACE.toMinutes())
                .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** One SpO2 reading at 08:00 local time on the day. */
  private void reading(UUID patient, LocalDate day) {
    Instant at = day.atTime(8, 0).atZone(ZONE).toInstant();
    Sql.exec(
        db,
        """
        INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
        SELECT ?, 'ox-ovw', ?, 'spo2', id, clinic_id, 95, '%', now() FROM patients WHERE id = ?""",
        utc(at),
        "m-" + patient + "-" + day,
        patient);
  }

  private void alert(
      UUID patient,
      String clinic,
      String rule,
      String level,
      String state,
      Instant opened,
      Duration deadline,
      Duration acknowledgedAfter,
      Duration resolvedAfter,
      String outcome,
      LocalDate dischargedOn) {
    int rank = List.of("GREEN", "YELLOW", "RED", "CRITICAL").indexOf(level);
    Sql.exec(
        db,
        """
        INSERT INTO alerts (id, clinic_id, patient_id, rule_id, kind, level, level_rank, state, explanation,
                            first_measured_at, last_measured_at, opened_at, response_deadline, acknowledged_at,
                            acknowledged_by, resolved_at, resolved_by, outcome, discharged_on, updated_at)
        VALUES (?, ?, ?, ?, 'READING', ?, ?, ?, 'constructed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""",
        UUID.randomUUID(),
        clinic,
        patient,
        rule,
        level,
        rank,
        state,
        utc(opened),
        utc(opened),
        utc(opened),
        utc(opened.plus(deadline)),
        acknowledgedAfter == null ? null : utc(opened.plus(acknowledgedAfter)),
        acknowledgedAfter == null ? null : "nurse",
        resolvedAfter == null ? null : utc(opened.plus(resolvedAfter)),
        resolvedAfter == null ? null : "nurse",
        outcome,
        dischargedOn);
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  /** The fresh database's name prefix, one per test class. */
  abstract String databasePrefix();
}
