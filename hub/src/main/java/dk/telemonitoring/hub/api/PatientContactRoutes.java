package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.SeenFindings;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.ContactLogStore;
import dk.telemonitoring.hub.store.ContactLogStore.Channel;
import dk.telemonitoring.hub.store.ContactLogStore.Contact;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The clinic's contact log of a patient: phone, video or home visit, with the care-ladder outcome,
 * optionally closing the patient's open alert by the board's rules. Messages to the patient's
 * tablet are {@link PatientMessageRoutes}, the patient's timeline {@link PatientTimelineRoutes}.
 */
final class PatientContactRoutes {

  /** Who talks with the patient: nurses and doctors (admins read). */
  static final Set<Role> CLINICIANS = EnumSet.of(Role.NURSE, Role.DOCTOR);

  static final int MAX_SUMMARY_CHARS = 4000;

  private final AlertService alerts;
  private final Access access;
  private final Audit audit;
  private final ContactLogStore contacts;

  PatientContactRoutes(Pool pool, AlertService alerts, Access access, Audit audit) {
    this.alerts = alerts;
    this.access = access;
    this.audit = audit;
    this.contacts = new ContactLogStore(pool);
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
    api.get(
        p + "/contacts",
        Role.STAFF,
        (ctx, who) ->
            access
                .patient(ctx, who, "contacts.read")
                .compose(ref -> contacts.list(ref.id(), 200))
                .map(
                    list ->
                        new JsonObject()
                            .put(
                                "contacts",
                                new JsonArray(
                                    list.stream().map(PatientContactRoutes::json).toList()))));
    api.post(
        p + "/contacts",
        CLINICIANS,
        201,
        // The patient first: another clinic's patient is not found, whatever the body.
        (ctx, who) ->
            access
                .patient(ctx, who, "contact.log")
                .compose(ref -> logContact(ctx, who, ref, ContactForm.of(Json.body(ctx)))));
  }

  /** A contact as the form sends it, checked before anything is read or written. */
  record ContactForm(
      UUID id,
      Channel channel,
      Instant contactedAt,
      int durationMinutes,
      String summary,
      CareOutcome outcome,
      UUID resolveAlertId,
      boolean confirmCritical,
      SeenFindings seenFindings) {

    static ContactForm of(JsonObject body) {
      Channel channel;
      try {
        channel = Channel.valueOf(Json.required(body, "channel").toUpperCase());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("'channel' must be one of " + Arrays.toString(Channel.values()));
      }
      CareOutcome outcome;
      try {
        outcome = CareOutcome.valueOf(Json.required(body, "outcome").toUpperCase());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(
            "'outcome' must be one of " + Arrays.toString(CareOutcome.values()));
      }
      if (!(body.getValue("durationMinutes") instanceof Number minutes)
          || minutes.doubleValue() != Math.rint(minutes.doubleValue())
          || minutes.intValue() < 1
          || minutes.intValue() > 600) {
        throw ApiError.badRequest("'durationMinutes' must be a whole number of minutes, 1-600");
      }
      String summary = Json.required(body, "summary").strip();
      if (summary.isEmpty() || summary.length() > MAX_SUMMARY_CHARS) {
        throw ApiError.badRequest("'summary' must be 1-" + MAX_SUMMARY_CHARS + " characters");
      }
      Instant now = Instant.now();
      Instant at = now;
      if (body.getValue("contactedAt") != null) {
        try {
          at = Instant.parse(String.valueOf(body.getValue("contactedAt")));
        } catch (DateTimeParseException e) {
          throw ApiError.badRequest("'contactedAt' must be an ISO-8601 instant");
        }
        if (at.isAfter(now.plus(Duration.ofMinutes(5)))) {
          throw ApiError.badRequest(
              "'contactedAt' is in the future: log a contact once it is over");
        }
      }
      UUID alert = null;
      if (body.getValue("resolveAlertId") != null) {
        try {
          alert = UUID.fromString(String.valueOf(body.getValue("resolveAlertId")));
        } catch (IllegalArgumentException e) {
          throw ApiError.badRequest("'resolveAlertId' must be the id of the patient's open alert");
        }
      }
      return new ContactForm(
          Json.clientKey(body),
          channel,
          at,
          minutes.intValue(),
          summary,
          outcome,
          alert,
          Boolean.TRUE.equals(body.getValue("confirmCritical")),
          SeenFindingsJson.of(body));
    }
  }

  /**
   * Logs the contact; with {@code resolveAlertId}, first resolves that open alert of the patient
   * with the contact's outcome and summary as the board does (a CRITICAL one only when confirmed).
   * The same id sent again returns the contact already logged and resolves nothing.
   */
  private Future<JsonObject> logContact(
      RoutingContext ctx, Principal who, PatientRef ref, ContactForm form) {
    return contacts
        .find(form.id())
        .compose(
            earlier -> {
              if (earlier != null) {
                return earlier.patientId().equals(ref.id())
                    ? Future.succeededFuture(json(earlier))
                    : Future.failedFuture(
                        new ApiError(409, "'id' belongs to another contact: send a new id"));
              }
              Future<UUID> closed =
                  form.resolveAlertId() == null
                      ? Future.succeededFuture(null)
                      : resolveWith(ctx, who, ref, form);
              return closed
                  .compose(
                      alertId ->
                          contacts.log(
                              new Contact(
                                  form.id(),
                                  ref.id(),
                                  ref.clinicId(),
                                  form.channel(),
                                  form.contactedAt(),
                                  form.durationMinutes(),
                                  form.summary(),
                                  form.outcome(),
                                  alertId,
                                  who.email(),
                                  null,
                                  null)))
                  .compose(
                      stored ->
                          stored == null
                              ? Future.failedFuture(
                                  new ApiError(409, "'id' belongs to another contact"))
                              : Future.succeededFuture(json(stored)));
            });
  }

  private Future<UUID> resolveWith(
      RoutingContext ctx, Principal who, PatientRef ref, ContactForm form) {
    return alerts
        .get(form.resolveAlertId())
        .recover(
            e ->
                e instanceof AlertNotFoundException
                    ? Future.succeededFuture(null)
                    : Future.failedFuture(e))
        .compose(
            (Alert a) -> {
              if (a == null || !a.patientId().equals(ref.id())) {
                return Future.failedFuture(ApiError.notFound("alert not found"));
              }
              if (a.state() == AlertState.RESOLVED) {
                return Future.failedFuture(
                    new ApiError(409, "the alert is already resolved: log the contact without it"));
              }
              // As on the board: closing a CRITICAL case is never a stray click.
              if (a.level() == Level.CRITICAL && !form.confirmCritical()) {
                return Future.failedFuture(
                    new ApiError(
                        422,
                        "resolving a CRITICAL alert needs \"confirmCritical\": true"
                            + " in the request, confirming that the clinic has acted on it"));
              }
              return audit
                  .record(ctx, who, "alert.resolve", ref.id(), ref.clinicId(), a.id().toString())
                  .compose(
                      x ->
                          alerts.resolve(
                              a.id(),
                              who.actorId(),
                              form.outcome(),
                              form.summary(),
                              form.seenFindings(),
                              who.role() == Role.NURSE))
                  .map(resolved -> resolved.id());
            });
  }

  private static JsonObject json(Contact c) {
    return new JsonObject()
        .put("id", c.id().toString())
        .put("patientId", c.patientId().toString())
        .put("channel", c.channel().name())
        .put("contactedAt", Json.text(c.contactedAt()))
        .put("durationMinutes", c.durationMinutes())
        .put("summary", c.summary())
        .put("outcome", c.outcome().name())
        .put("acuteContact", c.outcome().isAcuteContact())
        .put("resolvedAlertId", Json.text(c.resolvedAlertId()))
        .put("loggedBy", c.loggedBy())
        .put("loggedByName", c.loggedByName() == null ? c.loggedBy() : c.loggedByName())
        .put("loggedAt", Json.text(c.loggedAt()));
  }
}
