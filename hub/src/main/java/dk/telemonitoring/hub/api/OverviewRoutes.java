package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.ClinicFigures;
import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.alerts.query.ResponseTimeReads;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.Clinics;
import dk.telemonitoring.hub.store.ContactLogStore;
import dk.telemonitoring.hub.store.PatientCareRecords;
import dk.telemonitoring.hub.store.PatientCareRecords.EnrolledInPeriod;
import dk.telemonitoring.hub.store.PatientStatusStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The clinic overview over the last {@code days} days: patients enrolled, adherence to their
 * measurement schedules, open alerts by level, today's response times (today in the clinic's time
 * zone), and the figures ViosKlinikken is judged by: acute contacts and bed days per patient-year
 * after enrolment (care-ladder outcomes of alerts opened in the period, as {@link
 * dk.telemonitoring.alerts.store.FiguresStore} counts them, plus acute contacts logged on the
 * patient that closed no alert; docs/clinic-figures.md) against the 12 months before enrolment (as
 * the clinic recorded them), and outcomes on the care ladder. The per-patient figures are also
 * grouped by municipality and by each equality factor (no own GP, lives alone, needs help with the
 * tablet), so unequal drop-out shows as lower adherence in a group.
 */
final class OverviewRoutes {

  private final AlertService alerts;
  private final Pool pool;
  private final AlertReads reads = new AlertReads();
  private final ResponseTimeReads responseReads = new ResponseTimeReads();
  private final Audit audit;
  private final ScheduleAdherence adherence;
  private final PatientStatusStore status;

  OverviewRoutes(Pool readPool, AlertService alerts, Audit audit) {
    this.alerts = alerts;
    this.pool = readPool;
    this.audit = audit;
    this.adherence = new ScheduleAdherence(pool);
    this.status = new PatientStatusStore(pool);
  }

  void mount(Api api) {
    api.get("/api/v1/overview", Role.STAFF, this::overview);
  }

  private Future<JsonObject> overview(RoutingContext ctx, Principal who) {
    String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
    int days = Json.intParam(ctx, "days", 90, 1, 3660);
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofDays(days));
    return audit
        .record(ctx, who, "overview.read", null, clinic, null)
        .compose(x -> clinicOf(clinic))
        .compose(
            found -> {
              ZoneId zone = ZoneId.of(found.timezone());
              Instant today = to.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
              Future<JsonObject> open = openByLevel(clinic);
              Future<JsonArray> responses = responseTimes(clinic, today, to);
              // Acute contacts logged on the patient that closed no alert (docs/clinic-figures.md).
              Future<Map<UUID, Long>> logged =
                  ContactLogStore.acuteContactsPerPatient(pool, clinic, from, to);
              Future<List<PatientGroupFigures.PatientFigures>> patients =
                  logged.compose(l -> perPatient(clinic, from, to, zone, l));
              return Future.all(open, responses, patients)
                  .compose(y -> alerts.figures(clinic, from, to, patients.result().size()))
                  .map(
                      figures -> {
                        List<PatientGroupFigures.PatientFigures> rows = patients.result();
                        PatientGroupFigures all = PatientGroupFigures.of(rows);
                        JsonObject out =
                            new JsonObject()
                                .put("clinicId", clinic)
                                // The clinic by its name on the screen, not its id.
                                .put("clinicName", found.name())
                                .put("zone", zone.getId())
                                .put("from", from.toString())
                                .put("to", to.toString())
                                .put("days", days)
                                .put("enrolled", rows.size())
                                .put(
                                    "active",
                                    rows.stream()
                                        .filter(PatientGroupFigures.PatientFigures::active)
                                        .count())
                                .put("patientYears", all.patientYears())
                                .put("minPatientYears", PatientGroupFigures.MIN_PATIENT_YEARS)
                                .put(
                                    "tooFewPatientYears",
                                    all.patientYears() < PatientGroupFigures.MIN_PATIENT_YEARS)
                                .put("adherence", all.slots().share())
                                .put("slotsDue", all.slots().due())
                                .put("slotsMeasured", all.slots().met())
                                .put(
                                    "patientsWithSchedule",
                                    rows.stream().filter(p -> p.slots().due() > 0).count())
                                .put("openAlertsByLevel", open.result())
                                .put("responseTimesToday", responses.result())
                                .put("afterEnrolment", all.after())
                                .put("beforeEnrolment", all.before())
                                .put(
                                    "figures",
                                    figures(
                                        figures,
                                        all,
                                        logged.result().values().stream()
                                            .mapToLong(Long::longValue)
                                            .sum()));
                        out.put(
                            "byMunicipality",
                            PatientGroupFigures.group(
                                rows,
                                p ->
                                    p.municipality() == null
                                        ? "(not recorded)"
                                        : p.municipality()));
                        out.put(
                            "byEquality",
                            new JsonObject()
                                .put(
                                    "noOwnGp",
                                    PatientGroupFigures.group(
                                        rows, p -> p.noOwnGp() ? "yes" : "no"))
                                .put(
                                    "livesAlone",
                                    PatientGroupFigures.group(
                                        rows, p -> p.livesAlone() ? "yes" : "no"))
                                .put(
                                    "needsTabletHelp",
                                    PatientGroupFigures.group(
                                        rows, p -> p.needsTabletHelp() ? "yes" : "no")));
                        return out;
                      });
            });
  }

  /** The clinic's name and time zone, read once; its id and Copenhagen for an unknown clinic. */
  private Future<Clinics.Clinic> clinicOf(String clinic) {
    return Clinics.byIds(pool, List.of(clinic))
        .map(
            found ->
                found.isEmpty()
                    ? new Clinics.Clinic(clinic, clinic, "Europe/Copenhagen")
                    : found.get(0));
  }

  private Future<JsonObject> openByLevel(String clinic) {
    return reads
        .openCountsByLevel(pool, clinic)
        .map(
            counts -> {
              JsonObject out =
                  new JsonObject()
                      .put("GREEN", 0L)
                      .put("YELLOW", 0L)
                      .put("RED", 0L)
                      .put("CRITICAL", 0L);
              counts.forEach(out::put);
              return out;
            });
  }

  /**
   * Alerts opened today: how many, median minutes to the first response, how many missed the
   * deadline, how many wait. The first response is the acknowledgement, or the resolution by a
   * person (an outcome recorded) when the nurse dealt with the alert at once without acknowledging
   * it first; a resolution by the system is no response.
   */
  private Future<JsonArray> responseTimes(String clinic, Instant since, Instant now) {
    return responseReads
        .responsesSince(pool, clinic, since, now)
        .map(
            levels -> {
              JsonArray out = new JsonArray();
              for (ResponseTimeReads.Responses r : levels) {
                Double median = r.medianSecondsToResponse();
                out.add(
                    new JsonObject()
                        .put("level", r.level())
                        .put("alerts", r.alerts())
                        .put(
                            "medianMinutesToResponse",
                            median == null ? null : Math.round(median / 6.0) / 10.0)
                        .put("pastDeadline", r.pastDeadline())
                        .put("waiting", r.waiting()));
              }
              return out;
            });
  }

  /**
   * The hub's bed days replace the alerts module's: they come from the admissions staff record
   * (admission to discharge), not from alerts resolved as admissions, which count as acute contacts
   * only. Acute contacts add those logged on the patient that closed no alert.
   */
  private static JsonObject figures(ClinicFigures f, PatientGroupFigures all, long loggedAcute) {
    double patientYears = all.patientYears();
    long acute = f.acuteContacts() + loggedAcute;
    JsonObject outcomes = new JsonObject();
    f.outcomes().forEach((k, v) -> outcomes.put(k.name(), v));
    JsonArray responses = new JsonArray();
    f.responseTimes()
        .forEach(
            t ->
                responses.add(
                    new JsonObject()
                        .put("level", t.level().name())
                        .put("alerts", t.alerts())
                        .put(
                            "medianMinutesToAcknowledge",
                            t.medianToAcknowledge() == null
                                ? null
                                : t.medianToAcknowledge().toSeconds() / 60.0)
                        .put(
                            "medianMinutesToResolve",
                            t.medianToResolve() == null
                                ? null
                                : t.medianToResolve().toSeconds() / 60.0)));
    return new JsonObject()
        .put("acuteContacts", acute)
        .put("bedDays", all.bedDays())
        .put("acuteContactsPerPatientYear", PatientGroupFigures.perYear(acute, patientYears))
        .put("bedDaysPerPatientYear", PatientGroupFigures.perYear(all.bedDays(), patientYears))
        .put("outcomes", outcomes)
        .put("escalationsToDoctors", f.escalationsToDoctors())
        .put(
            "noActionNeededShare",
            Double.isNaN(f.noActionNeededShare()) ? null : f.noActionNeededShare())
        .put("alertsPerPatientWeek", new JsonObject(new LinkedHashMap<>(f.alertsPerPatientWeek())))
        .put("responseTimes", responses)
        .put("mergedAlerts", f.mergedAlerts());
  }

  /**
   * Per enrolled patient: municipality, the equality factors, patient-years in the period, and
   * alerts opened in the period with their acute contacts and bed days counted exactly as the
   * clinic totals count them (so the groups add up to the totals); bed days from the admissions
   * staff recorded, admission to discharge ({@link PatientStatusStore#bedDays}); patient-years stop
   * at the end of enrolment, and a patient whose enrolment ended before the period is not counted.
   */
  private Future<List<PatientGroupFigures.PatientFigures>> perPatient(
      String clinic, Instant from, Instant to, ZoneId zone, Map<UUID, Long> loggedAcute) {
    Future<Map<UUID, ScheduleAdherence.Counts>> slots = adherence.perPatient(clinic, from, to);
    Future<Map<UUID, Long>> bedDays = status.bedDays(pool, clinic, from, to, zone);
    Future<List<EnrolledInPeriod>> rows = PatientCareRecords.enrolledIn(pool, clinic, from, to);
    Future<Map<UUID, AlertReads.PatientOutcomes>> outcomes =
        reads.outcomesPerPatient(pool, clinic, from, to);
    AlertReads.PatientOutcomes none = new AlertReads.PatientOutcomes(0, 0, 0);
    return Future.all(slots, rows, outcomes, bedDays)
        .map(
            x ->
                rows.result().stream()
                    .map(
                        r -> {
                          AlertReads.PatientOutcomes o =
                              outcomes.result().getOrDefault(r.id(), none);
                          return new PatientGroupFigures.PatientFigures(
                              r.id(),
                              r.municipality(),
                              r.noOwnGp(),
                              r.livesAlone(),
                              r.needsTabletHelp(),
                              Math.max(0, r.daysEnrolled()) / PatientGroupFigures.DAYS_PER_YEAR,
                              o.alerts(),
                              o.acuteContacts() + loggedAcute.getOrDefault(r.id(), 0L),
                              bedDays.result().getOrDefault(r.id(), 0L),
                              r.acuteContactsYearBefore(),
                              r.bedDaysYearBefore(),
                              slots.result().getOrDefault(r.id(), ScheduleAdherence.Counts.NONE),
                              r.enrolledAtEnd());
                        })
                    .toList());
  }
}
