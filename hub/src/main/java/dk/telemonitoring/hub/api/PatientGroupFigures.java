package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The overview's figures summed over a set of enrolled patients (the clinic, a municipality, an
 * equality group), with the per-patient values the medians are taken of: a few patients with many
 * admissions pull a mean far from the typical patient.
 */
final class PatientGroupFigures {

  /**
   * Patient-years of the "before" figures: each recorded patient brings the 12 months before
   * enrolment.
   */
  static final double YEARS_BEFORE = 1.0;

  static final double DAYS_PER_YEAR = 365.25;

  /**
   * Below one patient-year a rate per patient-year is not comparable with the year before
   * enrolment: one admission or acute contact moves it by more than one a year, and even none is
   * compatible with up to three a year (the "rule of three" 95 % bound, 3 / patient-years), which
   * is close to the rate ViosKlinikken started from (about 4 acute contacts a year). The overview
   * and each group say so instead of inviting the comparison.
   */
  static final double MIN_PATIENT_YEARS = 1.0;

  /** One enrolled patient's figures in the period. */
  record PatientFigures(
      UUID id,
      String municipality,
      boolean noOwnGp,
      boolean livesAlone,
      boolean needsTabletHelp,
      double patientYears,
      long alerts,
      long acuteContacts,
      long bedDays,
      Integer acuteContactsBefore,
      Integer bedDaysBefore,
      ScheduleAdherence.Counts slots,
      boolean active) {}

  private final List<PatientFigures> members = new ArrayList<>();
  private long patients;
  private double patientYears;
  private long alerts;
  private long acute;
  private long bedDays;
  private long patientsBefore;
  private long acuteBefore;
  private long bedDaysBefore;
  private ScheduleAdherence.Counts slots = ScheduleAdherence.Counts.NONE;

  private PatientGroupFigures() {}

  static PatientGroupFigures of(List<PatientFigures> rows) {
    PatientGroupFigures t = new PatientGroupFigures();
    for (PatientFigures p : rows) {
      t.members.add(p);
      t.patients++;
      t.patientYears += p.patientYears();
      t.alerts += p.alerts();
      t.acute += p.acuteContacts();
      t.bedDays += p.bedDays();
      t.slots = t.slots.plus(p.slots());
      if (p.acuteContactsBefore() != null) {
        t.patientsBefore++;
        t.acuteBefore += p.acuteContactsBefore();
        t.bedDaysBefore += p.bedDaysBefore();
      }
    }
    return t;
  }

  JsonObject after() {
    return new JsonObject()
        .put("patients", patients)
        .put("patientYears", patientYears)
        .put("acuteContacts", acute)
        .put("bedDays", bedDays)
        .put("acuteContactsPerPatientYear", perYear(acute, patientYears))
        .put("bedDaysPerPatientYear", perYear(bedDays, patientYears))
        .put("medianAcuteContactsPerPatientYear", medianAcutePerYear())
        .put("medianBedDaysPerPatientYear", medianBedDaysPerYear());
  }

  /** Per patient with time enrolled in the period: acute contacts per patient-year. */
  Double medianAcutePerYear() {
    return median(
        members.stream()
            .filter(p -> p.patientYears() > 0)
            .map(p -> p.acuteContacts() / p.patientYears())
            .toList());
  }

  Double medianBedDaysPerYear() {
    return median(
        members.stream()
            .filter(p -> p.patientYears() > 0)
            .map(p -> p.bedDays() / p.patientYears())
            .toList());
  }

  /** Per patient with slots due: the share measured. */
  Double medianAdherence() {
    return median(
        members.stream().filter(p -> p.slots().due() > 0).map(p -> p.slots().share()).toList());
  }

  /** The 12 months before enrolment of the patients for whom the clinic recorded them. */
  JsonObject before() {
    double years = patientsBefore * YEARS_BEFORE;
    return new JsonObject()
        .put("patients", patientsBefore)
        .put("patientYears", years)
        .put("acuteContacts", acuteBefore)
        .put("bedDays", bedDaysBefore)
        .put("acuteContactsPerPatientYear", perYear(acuteBefore, years))
        .put("bedDaysPerPatientYear", perYear(bedDaysBefore, years))
        // Each recorded patient brings one year, so the per-patient rate is the count.
        .put(
            "medianAcuteContactsPerPatientYear",
            median(
                members.stream()
                    .filter(p -> p.acuteContactsBefore() != null)
                    .map(p -> p.acuteContactsBefore() / YEARS_BEFORE)
                    .toList()))
        .put(
            "medianBedDaysPerPatientYear",
            median(
                members.stream()
                    .filter(p -> p.bedDaysBefore() != null)
                    .map(p -> p.bedDaysBefore() / YEARS_BEFORE)
                    .toList()));
  }

  double patientYears() {
    return patientYears;
  }

  long bedDays() {
    return bedDays;
  }

  ScheduleAdherence.Counts slots() {
    return slots;
  }

  /** The patients grouped by {@code key}, each group with its sums, rates and medians. */
  static JsonArray group(List<PatientFigures> rows, Function<PatientFigures, String> key) {
    Map<String, List<PatientFigures>> groups = new TreeMap<>();
    rows.forEach(r -> groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
    JsonArray out = new JsonArray();
    groups.forEach(
        (name, members) -> {
          PatientGroupFigures t = of(members);
          out.add(
              new JsonObject()
                  .put("group", name)
                  .put("patients", members.size())
                  .put("patientYears", t.patientYears)
                  .put("tooFewPatientYears", t.patientYears < MIN_PATIENT_YEARS)
                  .put("alerts", t.alerts)
                  .put("adherence", t.slots.share())
                  .put("slotsDue", t.slots.due())
                  .put("slotsMeasured", t.slots.met())
                  .put("acuteContacts", t.acute)
                  .put("bedDays", t.bedDays)
                  .put("acuteContactsPerPatientYear", perYear(t.acute, t.patientYears))
                  .put("bedDaysPerPatientYear", perYear(t.bedDays, t.patientYears))
                  .put("medianAcuteContactsPerPatientYear", t.medianAcutePerYear())
                  .put("medianBedDaysPerPatientYear", t.medianBedDaysPerYear())
                  .put("medianAdherence", t.medianAdherence())
                  .put("beforeEnrolment", t.before()));
        });
    return out;
  }

  static Double perYear(long count, double years) {
    return years <= 0 ? null : count / years;
  }

  /**
   * The median of {@code values}, or null without any: the clinic reports medians beside means,
   * because a few patients with many admissions pull a mean far from the typical patient.
   */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
