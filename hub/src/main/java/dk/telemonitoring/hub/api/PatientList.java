package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.PatientCareRecords;
import dk.telemonitoring.hub.store.PatientCareRecords.PatientRecord;
import dk.telemonitoring.hub.store.PatientStatusStore;
import dk.telemonitoring.hub.store.ReadingQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The list of the patients a person may see: a clinic's for staff (with each patient's status,
 * measurement adherence over 7 days and latest values), a relative's own patients for a relative,
 * each with the level of the patient's open alert. Every listed patient's read is audited.
 */
final class PatientList {

  private final Pool pool;
  private final Audit audit;
  private final AlertReads alertReads = new AlertReads();
  private final PatientStatusStore statusStore;
  private final ScheduleAdherence adherence;
  private final ReadingQueries latestValues;

  PatientList(Pool pool, Audit audit) {
    this.pool = pool;
    this.audit = audit;
    this.statusStore = new PatientStatusStore(pool);
    this.adherence = new ScheduleAdherence(pool);
    this.latestValues = new ReadingQueries(pool);
  }

  Future<JsonObject> list(RoutingContext ctx, Principal who) {
    Future<List<PatientRecord>> rows =
        who.role() == Role.RELATIVE
            ? PatientCareRecords.ofRelative(pool, who.userId())
            : PatientCareRecords.inClinics(pool, Access.clinics(ctx, who));
    Map<UUID, JsonObject> statuses = new ConcurrentHashMap<>();
    return rows.compose(
            rs -> {
              List<UUID> ids = rs.stream().map(PatientRecord::id).toList();
              Future<Map<UUID, JsonObject>> status =
                  who.isStaff()
                      ? PatientStatusRoutes.summaries(statusStore, ids, Instant.now())
                      : Future.succeededFuture(Map.of());
              Future<Map<UUID, String>> levels = alertReads.worstOpenLevels(pool, ids);
              Future<StaffFigures> figures =
                  who.isStaff()
                      ? staffFigures(Access.clinics(ctx, who), ids)
                      : Future.succeededFuture(StaffFigures.NONE);
              return Future.all(status, levels, figures)
                  .onSuccess(x -> statuses.putAll(status.result()))
                  .map(x -> new Listed(rs, levels.result(), figures.result()));
            })
        .compose(
            found -> {
              JsonArray out = new JsonArray();
              List<PatientRef> refs = new ArrayList<>();
              for (PatientRecord r : found.rows()) {
                UUID id = r.id();
                refs.add(new PatientRef(id, r.clinicId()));
                JsonObject row =
                    PatientCareFacts.json(r)
                        .put("openAlertLevel", found.levels().get(id))
                        .put("lastReadingAt", Json.text(r.lastReadingAt()))
                        .put("status", statuses.get(id));
                if (!who.isStaff()) {
                  row.remove("equality");
                } else {
                  ScheduleAdherence.Counts c =
                      found.figures().adherence().getOrDefault(id, ScheduleAdherence.Counts.NONE);
                  row.put(
                          "adherence7Days",
                          new JsonObject().put("due", c.due()).put("met", c.met()))
                      .put("latest", found.figures().latest().getOrDefault(id, new JsonObject()));
                }
                out.add(row);
              }
              return audit
                  .recordAll(ctx, who, "patients.list", refs)
                  .map(x -> new JsonObject().put("patients", out));
            });
  }

  /** What staff see in the list beyond the patient's own facts. */
  private record StaffFigures(
      Map<UUID, ScheduleAdherence.Counts> adherence, Map<UUID, JsonObject> latest) {
    static final StaffFigures NONE = new StaffFigures(Map.of(), Map.of());
  }

  private record Listed(List<PatientRecord> rows, Map<UUID, String> levels, StaffFigures figures) {}

  /** Measurement adherence over the last 7 days and the latest value of each code. */
  private Future<StaffFigures> staffFigures(List<String> clinics, List<UUID> patients) {
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofDays(7));
    List<Future<Map<UUID, ScheduleAdherence.Counts>>> perClinic =
        clinics.stream().map(c -> adherence.perPatient(c, from, to)).toList();
    Future<Map<UUID, JsonObject>> latest = latestValues.latestOf(patients);
    return Future.all(Future.all(perClinic), latest)
        .map(
            x -> {
              Map<UUID, ScheduleAdherence.Counts> all = new HashMap<>();
              perClinic.forEach(f -> all.putAll(f.result()));
              return new StaffFigures(all, latest.result());
            });
  }
}
