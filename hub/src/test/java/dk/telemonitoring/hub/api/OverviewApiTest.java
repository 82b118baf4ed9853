package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/overview against a real hub and database, on the clinic of {@link
 * OverviewApiFixture}: schedule adherence, open alerts and today's response times by level, acute
 * contacts and bed days per patient-year before and after enrolment, outcomes, by municipality and
 * equality factor. Every figure is asserted exactly; patient-years to within a second of clock
 * difference between the test and the hub.
 */
class OverviewApiTest extends OverviewApiFixture {

  @Override
  String databasePrefix() {
    return "overview";
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
}
