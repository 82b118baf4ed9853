package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /api/v1/overview against a real hub and database, on a clinic built for it: four patients in
 * two municipalities (one without care facts) with different equality factors and enrolment dates,
 * daily SpO2 schedules with known gaps (one patient stops measuring, one is admitted for four
 * days), acute contacts and bed days recorded for the year before enrolment, and alerts at every
 * level acknowledged and resolved at known times with outcomes on the care ladder, among them a
 * hospital admission closed with a discharge date and one opened before the period. Every figure is
 * asserted exactly; patient-years to within a second of clock difference between the test and the
 * hub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewApiTest {

  private static final String CLINIC = "ovw";
  private static final String PASSWORD = "overview test password";
  private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
  private static final int DAYS = 30;
  private static final Duration GRACE = Duration.ofHours(2);
  private static final double YEAR_DAYS = 365.25;

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
    hub = TestHub.inFreshDatabase("overview");
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

  @Test
  void theOverviewCountsTheConstructedClinicExactly() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@ovw.test", PASSWORD);
    String userId = nurse.json("/api/v1/session").getJsonObject("user").getString("id");
    Instant asked = Instant.now();
    JsonObject o = nurse.json("/api/v1/overview?days=" + DAYS);
    Instant from = asked.minus(Duration.ofDays(DAYS));

    assertThat(o.getString("clinicId")).isEqualTo(CLINIC);
    assertThat(o.getString("clinicName")).as("the screen's title").isEqualTo("Overview clinic");
    assertThat(o.getInteger("enrolled")).isEqualTo(4);
    // p2 and p4 were enrolled 20 and 5 days before the set-up's clock: their time in the clinic
    // has grown since by however long the set-up took (half a minute on a loaded machine).
    double grown = 2.0 * Duration.between(now, asked).toMillis() / Duration.ofDays(1).toMillis();
    double years = (DAYS + 20 + DAYS + 5 + grown) / YEAR_DAYS;
    assertThat(o.getDouble("patientYears")).isCloseTo(years, within(1e-6));

    // Adherence: due daily slots in the period (whole window inside it, grace passed), measured or
    // not.
    long p1Due = dueDays(today.minusDays(60), from, asked, Set.of());
    // p2's schedule starts on the day of enrolment, but that day's slot began before the
    // enrolment (at the set-up's clock, not midnight): not due, and its reading counts for none.
    Instant p2Enrolled = now.minus(Duration.ofDays(20));
    boolean firstDayBeforeEnrolment = p2Start.atStartOfDay(ZONE).toInstant().isBefore(p2Enrolled);
    long p2Due =
        dueDays(firstDayBeforeEnrolment ? p2Start.plusDays(1) : p2Start, from, asked, Set.of());
    long p2Met = firstDayBeforeEnrolment ? 9 : 10;
    long p3Due =
        dueDays(
            today.minusDays(60),
            from,
            asked,
            Set.of(
                today.minusDays(15),
                today.minusDays(14),
                today.minusDays(13),
                today.minusDays(12)));
    assertThat(p2Due).isGreaterThan(10);
    long due = p1Due + p2Due + p3Due;
    long met = (p1Due - 3) + p2Met + p3Due;
    assertThat(o.getLong("slotsDue")).isEqualTo(due);
    assertThat(o.getLong("slotsMeasured")).isEqualTo(met);
    assertThat(o.getDouble("adherence")).isCloseTo(met / (double) due, within(1e-12));
    assertThat(o.getLong("patientsWithSchedule")).isEqualTo(3);

    assertThat(o.getJsonObject("openAlertsByLevel"))
        .isEqualTo(
            new JsonObject().put("GREEN", 0).put("YELLOW", 0).put("RED", 1).put("CRITICAL", 1));
    assertThat(o.getJsonArray("responseTimesToday"))
        .isEqualTo(
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("level", "CRITICAL")
                        .put("alerts", 1)
                        .putNull("medianMinutesToResponse")
                        .put("pastDeadline", 0)
                        .put("waiting", 1))
                .add(
                    new JsonObject()
                        .put("level", "RED")
                        .put("alerts", 1)
                        .put("medianMinutesToResponse", 10.0)
                        .put("pastDeadline", 0)
                        .put("waiting", 0))
                .add(
                    new JsonObject()
                        .put("level", "YELLOW")
                        .put("alerts", 1)
                        .put("medianMinutesToResponse", 30.0)
                        .put("pastDeadline", 1)
                        .put("waiting", 0)));

    // After enrolment: the alert resolved as an admission and the home visit are the acute
    // contacts (the admission before the period is out); the bed days are p3's recorded admission
    // (four midnights), not the alert's outcome.
    JsonObject after = o.getJsonObject("afterEnrolment");
    assertThat(after.getLong("patients")).isEqualTo(4);
    assertThat(after.getLong("acuteContacts")).isEqualTo(2);
    assertThat(after.getLong("bedDays")).isEqualTo(4);
    assertThat(after.getDouble("acuteContactsPerPatientYear")).isCloseTo(2 / years, within(1e-4));
    assertThat(after.getDouble("bedDaysPerPatientYear")).isCloseTo(4 / years, within(1e-4));
    // Medians beside the means: per patient, p1 and p3 one acute contact in 30 days, p2 and p4
    // none; bed days only p3's.
    assertThat(after.getDouble("medianAcuteContactsPerPatientYear"))
        .isCloseTo((0 + 1 / (DAYS / YEAR_DAYS)) / 2, within(1e-4));
    assertThat(after.getDouble("medianBedDaysPerPatientYear")).isEqualTo(0.0);
    assertThat(o.getBoolean("tooFewPatientYears")).as("%s patient-years", years).isTrue();
    JsonObject before = o.getJsonObject("beforeEnrolment");
    assertThat(before)
        .isEqualTo(
            new JsonObject()
                .put("patients", 3)
                .put("patientYears", 3.0)
                .put("acuteContacts", 6)
                .put("bedDays", 17)
                .put("acuteContactsPerPatientYear", 2.0)
                .put("bedDaysPerPatientYear", 17 / 3.0)
                .put("medianAcuteContactsPerPatientYear", 2.0)
                .put("medianBedDaysPerPatientYear", 5.0));

    JsonObject figures = o.getJsonObject("figures");
    assertThat(figures.getLong("acuteContacts")).isEqualTo(2);
    assertThat(figures.getLong("bedDays")).isEqualTo(4);
    assertThat(figures.getJsonObject("outcomes"))
        .isEqualTo(
            new JsonObject()
                .put("NO_ACTION_NEEDED", 1)
                .put("ADVICE_BY_PHONE", 1)
                .put("ACUTE_HOME_VISIT", 1)
                .put("HOSPITAL_ADMISSION", 1));
    assertThat(figures.getDouble("noActionNeededShare")).isEqualTo(0.25);

    // By municipality (sorted by name; a patient without care facts is "(not recorded)").
    JsonArray byMunicipality = o.getJsonArray("byMunicipality");
    assertThat(groups(byMunicipality)).containsExactly("(not recorded)", "Aarhus", "København");
    assertGroup(byMunicipality.getJsonObject(0), 1, 5, 0, 0, 0, 0, 0, 0, 0, 0);
    assertGroup(byMunicipality.getJsonObject(1), 1, DAYS, 2, p3Due, p3Due, 1, 4, 1, 2, 5);
    assertGroup(
        byMunicipality.getJsonObject(2),
        2,
        DAYS + 20,
        4,
        p1Due + p2Due,
        p1Due - 3 + p2Met,
        1,
        0,
        2,
        4,
        12);

    JsonObject byEquality = o.getJsonObject("byEquality");
    JsonArray noOwnGp = byEquality.getJsonArray("noOwnGp");
    assertThat(groups(noOwnGp)).containsExactly("no", "yes");
    assertGroup(
        noOwnGp.getJsonObject(0), 3, 20 + DAYS + 5, 4, p2Due + p3Due, p2Met + p3Due, 1, 4, 2, 3, 5);
    assertGroup(noOwnGp.getJsonObject(1), 1, DAYS, 2, p1Due, p1Due - 3, 1, 0, 1, 3, 12);
    JsonArray livesAlone = byEquality.getJsonArray("livesAlone");
    assertThat(groups(livesAlone)).containsExactly("no", "yes");
    assertGroup(livesAlone.getJsonObject(1), 1, 20, 2, p2Due, p2Met, 0, 0, 1, 1, 0);
    assertThat(livesAlone.getJsonObject(1).getDouble("adherence"))
        .isCloseTo((double) p2Met / p2Due, within(1e-12));
    JsonArray tablet = byEquality.getJsonArray("needsTabletHelp");
    assertGroup(tablet.getJsonObject(1), 1, DAYS, 2, p3Due, p3Due, 1, 4, 1, 2, 5);
    assertThat(tablet.getJsonObject(1).getDouble("adherence")).isEqualTo(1.0);

    // The read is audited, and a clinic the nurse does not work in is refused.
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND action = 'overview.read' AND clinic_id = ?",
                userId,
                CLINIC))
        .isEqualTo(1);
    assertThat(nurse.get("/api/v1/overview?clinic=ovw-other").statusCode()).isEqualTo(403);
  }

  @Test
  void careFactsRecordTheYearBeforeEnrolmentAsAPairOfWholeCounts() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@ovw.test", PASSWORD);
    HttpResponse<String> half =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + p4 + "/care",
            new JsonObject().put("acuteContactsYearBefore", 2).encode());
    assertThat(half.statusCode()).isEqualTo(400);
    HttpResponse<String> negative =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + p4 + "/care",
            new JsonObject()
                .put("acuteContactsYearBefore", -1)
                .put("bedDaysYearBefore", 0)
                .encode());
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(nurse.json("/api/v1/patients/" + p1).getJsonObject("yearBeforeEnrolment"))
        .isEqualTo(new JsonObject().put("acuteContacts", 3).put("bedDays", 12));
  }

  @Test
  void careFactsRecordThePatientsPhoneAndDateOfBirthForTheDoctorsPage() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@ovw.test", PASSWORD);
    String path = "/api/v1/patients/" + p4 + "/care";
    care(
        nurse, p4, new JsonObject().put("phone", "+45 20 30 40 50").put("birthDate", "1948-03-21"));
    JsonObject read = nurse.json("/api/v1/patients/" + p4);
    assertThat(read.getString("phone")).isEqualTo("+45 20 30 40 50");
    assertThat(read.getString("birthDate")).isEqualTo("1948-03-21");
    assertThat(Sql.text(db, "SELECT phone || ' ' || birth_date FROM patients WHERE id = ?", p4))
        .as("where the doctor's alert page reads them")
        .isEqualTo("+45 20 30 40 50 1948-03-21");
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("phone", "ring mig"),
          new JsonObject().put("birthDate", "21-03-1948"),
          new JsonObject().put("birthDate", LocalDate.now().plusDays(1).toString()),
          new JsonObject().put("birthDate", "1899-12-31")
        }) {
      HttpResponse<String> r = nurse.send("PUT", path, bad.encode());
      assertThat(r.statusCode()).as(bad.encode()).isEqualTo(400);
    }
    assertThat(nurse.json("/api/v1/patients/" + p4).getString("phone"))
        .as("a refused change changes nothing")
        .isEqualTo("+45 20 30 40 50");
    care(nurse, p4, new JsonObject());
    assertThat(nurse.json("/api/v1/patients/" + p4).getValue("phone"))
        .as("the care facts are replaced as a whole")
        .isNull();
  }

  // ----- helpers -----

  /**
   * Due daily slots from the schedule start: local day wholly inside [from, now) with its grace
   * passed.
   */
  private static long dueDays(LocalDate start, Instant from, Instant now, Set<LocalDate> passive) {
    long n = 0;
    for (LocalDate d = start; !d.isAfter(now.atZone(ZONE).toLocalDate()); d = d.plusDays(1)) {
      Instant s = d.atStartOfDay(ZONE).toInstant();
      Instant e = d.plusDays(1).atStartOfDay(ZONE).toInstant();
      if (!s.isBefore(from) && !e.plus(GRACE).isAfter(now) && !passive.contains(d)) {
        n++;
      }
    }
    return n;
  }

  private static List<String> groups(JsonArray rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(((JsonObject) r).getString("group")));
    return out;
  }

  private static void assertGroup(
      JsonObject g,
      int patients,
      int patientDays,
      int alerts,
      long slotsDue,
      long slotsMeasured,
      int acute,
      int bedDays,
      int patientsBefore,
      int acuteBefore,
      int bedDaysBefore) {
    String name = g.getString("group");
    double years = patientDays / YEAR_DAYS;
    assertThat(g.getInteger("patients")).as(name).isEqualTo(patients);
    assertThat(g.getDouble("patientYears")).as(name).isCloseTo(years, within(1e-6));
    assertThat(g.getLong("alerts")).as(name).isEqualTo(alerts);
    assertThat(g.getLong("slotsDue")).as(name).isEqualTo(slotsDue);
    assertThat(g.getLong("slotsMeasured")).as(name).isEqualTo(slotsMeasured);
    assertThat(g.getLong("acuteContacts")).as(name).isEqualTo(acute);
    assertThat(g.getLong("bedDays")).as(name).isEqualTo(bedDays);
    assertThat(g.getDouble("acuteContactsPerPatientYear"))
        .as(name)
        .isCloseTo(acute / years, within(1e-4));
    JsonObject before = g.getJsonObject("beforeEnrolment");
    assertThat(before.getLong("patients")).as(name).isEqualTo(patientsBefore);
    assertThat(before.getLong("acuteContacts")).as(name).isEqualTo(acuteBefore);
    assertThat(before.getLong("bedDays")).as(name).isEqualTo(bedDaysBefore);
    if (patientsBefore == 0) {
      assertThat(before.getValue("acuteContactsPerPatientYear")).as(name).isNull();
    } else {
      assertThat(before.getDouble("bedDaysPerPatientYear"))
          .as(name)
          .isEqualTo(bedDaysBefore / (double) patientsBefore);
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

  private static void care(ApiClient nurse, UUID patient, JsonObject body) {
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
}
