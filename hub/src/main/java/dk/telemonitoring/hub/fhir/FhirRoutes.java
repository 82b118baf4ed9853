package dk.telemonitoring.hub.fhir;

import dk.telemonitoring.hub.access.ServiceToken;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  private final FhirQueries queries;
  private final ServiceToken token;
  private final String base;

  /**
   * @param readPool the read replica's pool, or the primary's
   * @param publicUrl the hub's public address, the base of the resources' full URLs
   */
  public FhirRoutes(Pool readPool, ServiceToken token, String publicUrl) {
    this.queries = new FhirQueries(readPool);
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
    router
        .get("/fhir/Patient/:id")
        .handler(ctx -> handle(ctx, patient(FhirSearch.uuid(ctx.pathParam("id")))));
    router.get("/fhir/Observation").handler(ctx -> handle(ctx, observations(ctx)));
    router.get("/fhir/Task").handler(ctx -> handle(ctx, tasks(FhirSearch.patient(ctx))));
    router
        .get("/fhir/ClinicalImpression")
        .handler(ctx -> handle(ctx, impressions(FhirSearch.patient(ctx), FhirSearch.count(ctx))));
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
    return queries
        .patient(id)
        .map(
            found ->
                FhirResources.patient(
                    found.orElseThrow(
                        () ->
                            new FhirError(
                                404,
                                OperationOutcome.IssueType.NOTFOUND,
                                "Patient/" + id + " is not known"))));
  }

  private Future<IBaseResource> observations(RoutingContext ctx) {
    UUID patient = FhirSearch.patient(ctx);
    List<String> codes = null;
    String codeParam = ctx.queryParams().get("code");
    if (codeParam != null) {
      codes = new ArrayList<>();
      for (String token : codeParam.split(",")) {
        int bar = token.indexOf('|');
        codes.addAll(
            bar < 0
                ? FhirObservations.storedCodesFor(null, token)
                : FhirObservations.storedCodesFor(
                    token.substring(0, bar), token.substring(bar + 1)));
      }
      if (codes.isEmpty()) {
        return Future.succeededFuture(searchset(List.of(), "Observation"));
      }
    }
    Instant from = FhirSearch.EARLIEST;
    Instant to = FhirSearch.LATEST;
    for (String date : ctx.queryParams().getAll("date")) {
      Instant[] range = FhirSearch.dateRange(date);
      from = range[0].isAfter(from) ? range[0] : from;
      to = range[1].isBefore(to) ? range[1] : to;
    }
    int count = FhirSearch.count(ctx);
    return queries
        .readings(patient, codes, from, to, count * 2)
        .map(
            list -> {
              var obs = FhirObservations.observations(list);
              return searchset(obs.subList(0, Math.min(count, obs.size())), "Observation");
            });
  }

  private Future<IBaseResource> tasks(UUID patient) {
    Future<List<FhirResources.AlertRow>> alerts = queries.alerts(patient);
    Future<List<FhirResources.NurseTaskRow>> nurse = queries.nurseTasks(patient);
    return Future.all(alerts, nurse)
        .map(
            v -> {
              List<Resource> all = new ArrayList<>();
              alerts.result().forEach(a -> all.add(FhirResources.alertTask(a)));
              nurse.result().forEach(t -> all.add(FhirResources.nurseTask(t)));
              return searchset(all, "Task");
            });
  }

  private Future<IBaseResource> impressions(UUID patient, int count) {
    return queries
        .triageByMessage(patient, count)
        .map(
            groups ->
                searchset(
                    groups.stream().map(FhirResources::triage).toList(), "ClinicalImpression"));
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
}
