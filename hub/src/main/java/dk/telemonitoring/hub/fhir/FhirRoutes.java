package dk.telemonitoring.hub.fhir;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.access.ServiceToken;
import dk.telemonitoring.hub.fhir.FhirResources.AlertRow;
import dk.telemonitoring.hub.fhir.FhirResources.NurseTaskRow;
import dk.telemonitoring.hub.fhir.FhirResources.PatientRow;
import dk.telemonitoring.hub.fhir.FhirResources.ReadingRow;
import dk.telemonitoring.hub.fhir.FhirResources.TriageRow;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR R4 read API under {@code /fhir}: {@code Patient/{id}}, {@code
 * Observation?patient=&code=&date=&_count=}, {@code Task?patient=} (alerts and nurse tasks), {@code
 * ClinicalImpression?patient=} (triage results), and {@code metadata}. Authorisation: the bearer
 * service token for now (people's sessions come with the clinic API).
 */
public final class FhirRoutes {

  private static final String FHIR_JSON = "application/fhir+json; charset=utf-8";
  private static final int DEFAULT_COUNT = 100;
  private static final int MAX_COUNT = 1000;

  private final Pool pool;
  private final AlertReads alertReads = new AlertReads();
  private final ServiceToken token;
  private final String base;

  /**
   * @param readPool the read replica's pool, or the primary's
   * @param publicUrl the hub's public address, the base of the resources' full URLs
   */
  public FhirRoutes(Pool readPool, ServiceToken token, String publicUrl) {
    this.pool = readPool;
    this.token = token;
    this.base = publicUrl.replaceAll("/+$", "") + "/fhir";
  }

  public void mount(Router router) {
    router.route("/fhir/*").failureHandler(ctx -> fail(ctx, ctx.failure()));
    router.get("/fhir/metadata").handler(ctx -> send(ctx, 200, capabilities()));
    router
        .route("/fhir/*")
        .handler(
            ctx -> {
              if (!token.accepts(ctx.request().getHeader("Authorization"))) {
                outcome(
                    ctx,
                    401,
                    OperationOutcome.IssueType.LOGIN,
                    "a valid service token is required");
                return;
              }
              ctx.next();
            });
    router.get("/fhir/Patient/:id").handler(ctx -> handle(ctx, patient(uuid(ctx.pathParam("id")))));
    router.get("/fhir/Observation").handler(ctx -> handle(ctx, observations(ctx)));
    router.get("/fhir/Task").handler(ctx -> handle(ctx, tasks(patientParam(ctx))));
    router
        .get("/fhir/ClinicalImpression")
        .handler(ctx -> handle(ctx, impressions(patientParam(ctx), count(ctx))));
    router
        .route("/fhir/*")
        .handler(
            ctx ->
                outcome(
                    ctx,
                    404,
                    OperationOutcome.IssueType.NOTSUPPORTED,
                    "not supported by this server: " + ctx.request().path()));
  }

  private Future<IBaseResource> patient(UUID id) {
    return pool.preparedQuery(
            """
            SELECT p.id, p.clinic_id, c.name, p.display_name, p.condition, p.language
            FROM patients p JOIN clinics c ON c.id = p.clinic_id WHERE p.id = $1""")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new FhirError(
                    404, OperationOutcome.IssueType.NOTFOUND, "Patient/" + id + " is not known");
              }
              Row r = rows.iterator().next();
              return FhirResources.patient(
                  new PatientRow(
                      r.getUUID(0),
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      r.getString(4),
                      r.getString(5)));
            });
  }

  private Future<IBaseResource> observations(RoutingContext ctx) {
    UUID patient = patientParam(ctx);
    List<String> codes = null;
    String codeParam = ctx.queryParams().get("code");
    if (codeParam != null) {
      codes = new ArrayList<>();
      for (String token : codeParam.split(",")) {
        int bar = token.indexOf('|');
        codes.addAll(
            bar < 0
                ? FhirResources.storedCodesFor(null, token)
                : FhirResources.storedCodesFor(token.substring(0, bar), token.substring(bar + 1)));
      }
      if (codes.isEmpty()) {
        return Future.succeededFuture(searchset(List.of(), "Observation"));
      }
    }
    Instant from = Instant.parse("1900-01-01T00:00:00Z");
    Instant to = Instant.parse("3000-01-01T00:00:00Z");
    for (String date : ctx.queryParams().getAll("date")) {
      Instant[] range = dateRange(date);
      from = range[0].isAfter(from) ? range[0] : from;
      to = range[1].isBefore(to) ? range[1] : to;
    }
    int count = count(ctx);
    return pool.preparedQuery(
            """
            SELECT patient_id, device_id, msg_id, code, value, measured_at, received_at, flags FROM readings
            WHERE patient_id = $1 AND ($2::text[] IS NULL OR code = ANY($2)) AND measured_at >= $3 AND measured_at < $4
            ORDER BY measured_at DESC, device_id, msg_id, code LIMIT $5""")
        .execute(
            Tuple.of(
                patient,
                codes == null ? null : codes.toArray(String[]::new),
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                count * 2))
        .map(
            rows -> {
              List<ReadingRow> list = new ArrayList<>();
              for (Row r : rows) {
                list.add(
                    new ReadingRow(
                        r.getUUID(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getDouble(4),
                        r.getOffsetDateTime(5).toInstant(),
                        r.getOffsetDateTime(6).toInstant(),
                        new HashSet<>(List.of(r.getArrayOfStrings(7)))));
              }
              var obs = FhirResources.observations(list);
              return searchset(obs.subList(0, Math.min(count, obs.size())), "Observation");
            });
  }

  private Future<IBaseResource> tasks(UUID patient) {
    Future<List<Resource>> alerts =
        alertReads
            .ofPatient(pool, patient, 1000)
            .map(
                rows -> {
                  List<Resource> out = new ArrayList<>();
                  for (AlertReads.Summary a : rows) {
                    out.add(
                        FhirResources.alertTask(
                            new AlertRow(
                                a.id(),
                                a.patientId(),
                                a.kind(),
                                a.ruleId(),
                                a.level(),
                                a.state(),
                                a.explanation(),
                                a.openedAt(),
                                a.responseDeadline(),
                                a.updatedAt(),
                                a.acknowledgedBy(),
                                a.outcome())));
                  }
                  return out;
                });
    Future<List<Resource>> nurse =
        pool.preparedQuery(
                """
            SELECT id, patient_id, kind, status, text_en, opened_at, updated_at
            FROM nurse_tasks WHERE patient_id = $1 ORDER BY opened_at DESC LIMIT 1000""")
            .execute(Tuple.of(patient))
            .map(
                rows -> {
                  List<Resource> out = new ArrayList<>();
                  for (Row r : rows) {
                    out.add(
                        FhirResources.nurseTask(
                            new NurseTaskRow(
                                r.getLong(0),
                                r.getUUID(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                instant(r, 5),
                                instant(r, 6))));
                  }
                  return out;
                });
    return Future.all(alerts, nurse)
        .map(
            v -> {
              List<Resource> all = new ArrayList<>(alerts.result());
              all.addAll(nurse.result());
              return searchset(all, "Task");
            });
  }

  private Future<IBaseResource> impressions(UUID patient, int count) {
    return pool.preparedQuery(
            """
            SELECT patient_id, device_id, msg_id, measured_at, level, message_level, rule_id, rule_version,
                   explanation_en, decisive, created_at
            FROM triage_results
            WHERE (device_id, msg_id) IN (
              SELECT device_id, msg_id FROM triage_results WHERE patient_id = $1
              GROUP BY device_id, msg_id ORDER BY max(measured_at) DESC LIMIT $2)
            ORDER BY measured_at DESC, device_id, msg_id, id""")
        .execute(Tuple.of(patient, count))
        .map(
            rows -> {
              Map<String, List<TriageRow>> byMessage = new LinkedHashMap<>();
              for (Row r : rows) {
                TriageRow t =
                    new TriageRow(
                        r.getUUID(0),
                        r.getString(1),
                        r.getString(2),
                        instant(r, 3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        r.getInteger(7),
                        r.getString(8),
                        r.getBoolean(9),
                        instant(r, 10));
                byMessage
                    .computeIfAbsent(t.deviceId() + "\n" + t.msgId(), k -> new ArrayList<>())
                    .add(t);
              }
              List<Resource> out = new ArrayList<>();
              byMessage.values().forEach(group -> out.add(FhirResources.triage(group)));
              return searchset(out, "ClinicalImpression");
            });
  }

  private Bundle searchset(List<? extends Resource> resources, String type) {
    Bundle b = new Bundle();
    b.setType(Bundle.BundleType.SEARCHSET);
    b.setTotal(resources.size());
    for (Resource r : resources) {
      b.addEntry()
          .setFullUrl(base + "/" + type + "/" + r.getIdElement().getIdPart())
          .setResource(r)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return b;
  }

  private CapabilityStatement capabilities() {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setDate(new java.util.Date());
    cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    cs.addFormat("json");
    cs.getImplementation().setDescription("Telemonitoring hub").setUrl(base);
    var rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    rest.addResource()
        .setType("Patient")
        .addInteraction()
        .setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    var obs = rest.addResource().setType("Observation");
    obs.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    obs.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE);
    obs.addSearchParam().setName("code").setType(Enumerations.SearchParamType.TOKEN);
    obs.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE);
    for (String type : List.of("Task", "ClinicalImpression")) {
      var r = rest.addResource().setType(type);
      r.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
      r.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE);
    }
    return cs;
  }

  /**
   * FHIR date search: [prefix]value with prefix eq (default), ge, gt, le, lt; value a year, month,
   * day or instant.
   */
  static Instant[] dateRange(String param) {
    String prefix =
        param.length() > 2 && Character.isLetter(param.charAt(0)) ? param.substring(0, 2) : "eq";
    String value = prefix.equals("eq") && !param.startsWith("eq") ? param : param.substring(2);
    Instant lo;
    Instant hi;
    try {
      if (value.length() == 4) {
        lo = LocalDate.of(Integer.parseInt(value), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        hi =
            LocalDate.of(Integer.parseInt(value) + 1, 1, 1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC);
      } else if (value.length() == 7) {
        YearMonth m = YearMonth.parse(value);
        lo = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        hi = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else if (value.length() == 10) {
        LocalDate d = LocalDate.parse(value);
        lo = d.atStartOfDay().toInstant(ZoneOffset.UTC);
        hi = d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else {
        lo = OffsetDateTime.parse(value).toInstant();
        hi = lo.plusMillis(1);
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new FhirError(
          400,
          OperationOutcome.IssueType.INVALID,
          "date '" + param + "' is not a FHIR date search value");
    }
    Instant min = Instant.parse("1900-01-01T00:00:00Z");
    Instant max = Instant.parse("3000-01-01T00:00:00Z");
    return switch (prefix) {
      case "eq" -> new Instant[] {lo, hi};
      case "ge" -> new Instant[] {lo, max};
      case "gt" -> new Instant[] {hi, max};
      case "le" -> new Instant[] {min, hi};
      case "lt" -> new Instant[] {min, lo};
      default ->
          throw new FhirError(
              400, OperationOutcome.IssueType.NOTSUPPORTED, "date prefix '" + prefix + "'");
    };
  }

  private static UUID patientParam(RoutingContext ctx) {
    String p = ctx.queryParams().get("patient");
    if (p == null) {
      p = ctx.queryParams().get("subject");
    }
    if (p == null || p.isBlank()) {
      throw new FhirError(
          400, OperationOutcome.IssueType.REQUIRED, "the patient search parameter is required");
    }
    return uuid(p.startsWith("Patient/") ? p.substring(8) : p);
  }

  private static int count(RoutingContext ctx) {
    String c = ctx.queryParams().get("_count");
    try {
      return c == null ? DEFAULT_COUNT : Math.max(1, Math.min(MAX_COUNT, Integer.parseInt(c)));
    } catch (NumberFormatException e) {
      throw new FhirError(400, OperationOutcome.IssueType.INVALID, "_count must be a number");
    }
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new FhirError(404, OperationOutcome.IssueType.NOTFOUND, "no such patient");
    }
  }

  private static Instant instant(Row r, int i) {
    OffsetDateTime t = r.getOffsetDateTime(i);
    return t == null ? null : t.toInstant();
  }

  private void handle(RoutingContext ctx, Future<IBaseResource> result) {
    result.onSuccess(r -> send(ctx, 200, r)).onFailure(e -> fail(ctx, e));
  }

  private static void send(RoutingContext ctx, int status, IBaseResource resource) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", FHIR_JSON)
        .end(Fhir.json().encodeResourceToString(resource));
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof FhirError f) {
      outcome(ctx, f.status, f.type, f.getMessage());
    } else {
      outcome(ctx, 500, OperationOutcome.IssueType.EXCEPTION, "the server could not answer");
    }
  }

  private static void outcome(
      RoutingContext ctx, int status, OperationOutcome.IssueType type, String text) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue()
        .setSeverity(
            status >= 500
                ? OperationOutcome.IssueSeverity.FATAL
                : OperationOutcome.IssueSeverity.ERROR)
        .setCode(type)
        .setDiagnostics(text);
    send(ctx, status, oo);
  }

  /**
   * A client error with its FHIR issue type; thrown from handlers, answered as an OperationOutcome.
   */
  static final class FhirError extends RuntimeException {
    final int status;
    final OperationOutcome.IssueType type;

    FhirError(int status, OperationOutcome.IssueType type, String message) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }
}
