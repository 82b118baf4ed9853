package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.SeenFindings;
import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.ContactLogStore;
import dk.telemonitoring.hub.store.ContactLogStore.Channel;
import dk.telemonitoring.hub.store.ContactLogStore.Contact;
import dk.telemonitoring.hub.store.PatientMessageStore;
import dk.telemonitoring.hub.store.PatientMessageStore.Message;
import dk.telemonitoring.hub.store.PatientTimelineStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clinic's contact with a patient: the contact log (phone, video, home visit, with the
 * care-ladder outcome, optionally closing the patient's open alert by the board's rules), messages
 * to the patient's tablet with their delivery receipts (docs/device-contract.md), and the patient's
 * timeline (readings, alerts, contacts, messages and status changes, newest first, paged).
 */
final class PatientContactRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PatientContactRoutes.class);

  /** Who talks with the patient: nurses and doctors (admins read). */
  static final Set<Role> CLINICIANS = EnumSet.of(Role.NURSE, Role.DOCTOR);

  static final int MAX_MESSAGE_CHARS = 500;
  static final int MAX_SUMMARY_CHARS = 4000;

  private final Pool pool;
  private final AlertService alerts;
  private final Access access;
  private final Audit audit;
  private final DeviceCommands commands;
  private final ContactLogStore contacts;
  private final PatientMessageStore messages;
  private final PatientTimelineStore timeline;
  private final AlertReads alertReads = new AlertReads();

  PatientContactRoutes(
      Pool pool, AlertService alerts, Access access, Audit audit, DeviceCommands commands) {
    this.pool = pool;
    this.alerts = alerts;
    this.access = access;
    this.audit = audit;
    this.commands = commands;
    this.contacts = new ContactLogStore(pool);
    this.messages = new PatientMessageStore(pool);
    this.timeline = new PatientTimelineStore(pool);
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
    api.get(
        p + "/messages",
        Role.STAFF,
        (ctx, who) ->
            access
                .patient(ctx, who, "messages.read")
                .compose(ref -> messages.list(ref.id(), 200))
                .map(
                    list ->
                        new JsonObject()
                            .put(
                                "messages",
                                new JsonArray(
                                    list.stream().map(PatientContactRoutes::json).toList()))));
    api.post(
        p + "/messages",
        CLINICIANS,
        201,
        (ctx, who) ->
            access
                .patient(ctx, who, "message.send")
                .compose(
                    ref -> {
                      JsonObject body = Json.body(ctx);
                      String text = Json.required(body, "text").strip();
                      if (text.length() > MAX_MESSAGE_CHARS) {
                        throw ApiError.badRequest(
                            "'text' is longer than "
                                + MAX_MESSAGE_CHARS
                                + " characters: keep it short");
                      }
                      return send(ref, who, optionalId(body), text);
                    }));
    api.get(
        p + "/timeline",
        Role.STAFF,
        (ctx, who) -> {
          int limit = Json.intParam(ctx, "limit", 50, 1, 200);
          Cursor cursor = Cursor.parse(Json.param(ctx, "before"));
          return access
              .patient(ctx, who, "timeline.read")
              .compose(ref -> timelinePage(ref, cursor, limit));
        });
  }

  // ----- contact log -----

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
          optionalId(body),
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
                              form.seenFindings()))
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

  // ----- messages -----

  /**
   * Records the message, then publishes it on the tablet's command topic; the record stays when the
   * broker cannot be reached (then it shows as not sent).
   */
  private Future<JsonObject> send(PatientRef ref, Principal who, UUID id, String text) {
    return messages
        .recipient(ref.id())
        .compose(
            to -> {
              if (to == null || to.deviceId() == null) {
                return Future.failedFuture(
                    new ApiError(
                        409,
                        "the patient has no tablet bound: bind a TABLET device to the patient first"));
              }
              return messages
                  .record(id, ref.id(), to, text, who.email())
                  .compose(
                      m -> {
                        if (m == null) {
                          return Future.failedFuture(
                              new ApiError(409, "'id' belongs to another message"));
                        }
                        if (m.publishedAt() != null) {
                          return Future.succeededFuture(m);
                        }
                        return commands
                            .publish(to.clinicId(), m.deviceId(), payload(m))
                            .compose(x -> messages.published(m.id(), Instant.now()))
                            .recover(
                                e -> {
                                  LOG.warn(
                                      "message to a tablet not published [deviceId: {}, error: {}]",
                                      m.deviceId(),
                                      e.toString());
                                  return Future.succeededFuture(m);
                                });
                      });
            })
        .map(PatientContactRoutes::json);
  }

  /** The command-topic payload (docs/device-contract.md, "Messages from the clinic"). */
  static Buffer payload(Message m) {
    boolean en = "en".equals(m.language());
    return new JsonObject()
        .put("v", 1)
        .put("kind", "message")
        .put("messageId", m.id().toString())
        .put("sentAt", Json.text(m.sentAt()))
        .put("language", m.language())
        .put("title", en ? "Message from the clinic" : "Besked fra klinikken")
        .put("text", m.body())
        .put("receipt", en ? "I have read it" : "Jeg har læst den")
        .toBuffer();
  }

  private static JsonObject json(Message m) {
    String status =
        m.deliveredAt() != null ? "delivered" : m.publishedAt() != null ? "sent" : "not-sent";
    return new JsonObject()
        .put("id", m.id().toString())
        .put("patientId", m.patientId().toString())
        .put("text", m.body())
        .put("language", m.language())
        .put("sentBy", m.sentBy())
        .put("sentByName", m.sentByName() == null ? m.sentBy() : m.sentByName())
        .put("sentAt", Json.text(m.sentAt()))
        .put("publishedAt", Json.text(m.publishedAt()))
        .put("deliveredAt", Json.text(m.deliveredAt()))
        .put("status", status);
  }

  private static UUID optionalId(JsonObject body) {
    Object id = body.getValue("id");
    if (id == null) {
      return UUID.randomUUID();
    }
    try {
      return UUID.fromString(String.valueOf(id));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'id' must be a UUID (the client's key for this write)");
    }
  }

  // ----- timeline -----

  /** Where a page ends: the last entry's instant and key; the next page starts after it. */
  record Cursor(Instant at, String key) {

    /** Before everything ever stored: the far future and a key above every entry's. */
    static final Cursor FIRST = new Cursor(Instant.parse("9999-01-01T00:00:00Z"), "~");

    static Cursor parse(String text) {
      if (text == null || text.isBlank()) {
        return FIRST;
      }
      int bar = text.indexOf('|');
      try {
        return new Cursor(
            Instant.parse(text.substring(0, Math.max(bar, 0))), text.substring(bar + 1));
      } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw ApiError.badRequest("'before' must be the 'next' value of the previous page");
      }
    }

    String text() {
      return at + "|" + key;
    }
  }

  /** One entry of a page, with what it is ordered by. */
  private record Item(Instant at, String key, JsonObject json) {}

  /**
   * One page: up to {@code limit} entries of the hub's own and up to {@code limit} alert entries
   * before the cursor, merged; the newest {@code limit} of them are the page.
   */
  private Future<JsonObject> timelinePage(PatientRef ref, Cursor cursor, int limit) {
    Future<List<PatientTimelineStore.Entry>> own =
        timeline.before(ref.id(), cursor.at(), cursor.key(), limit);
    Future<List<AlertReads.TimelineEntry>> alertEntries =
        alertReads.timelineBefore(pool, ref.id(), cursor.at(), cursor.key(), limit);
    return Future.all(own, alertEntries)
        .compose(
            x -> {
              Set<String> actors = new HashSet<>();
              alertEntries.result().stream()
                  .map(AlertReads.TimelineEntry::actorId)
                  .filter(java.util.Objects::nonNull)
                  .forEach(actors::add);
              return DisplayNames.of(pool, actors)
                  .map(
                      names -> {
                        List<Item> all = new ArrayList<>();
                        own.result().forEach(e -> all.add(new Item(e.at(), e.key(), entryJson(e))));
                        alertEntries
                            .result()
                            .forEach(a -> all.add(new Item(a.at(), a.key(), alertJson(a, names))));
                        all.sort(
                            Comparator.comparing(Item::at).thenComparing(Item::key).reversed());
                        List<Item> page = all.subList(0, Math.min(limit, all.size()));
                        Item last = page.isEmpty() ? null : page.get(page.size() - 1);
                        return new JsonObject()
                            .put("entries", new JsonArray(page.stream().map(Item::json).toList()))
                            .put(
                                "next",
                                page.size() < limit
                                    ? null
                                    : new Cursor(last.at(), last.key()).text());
                      });
            });
  }

  private static JsonObject entryJson(PatientTimelineStore.Entry e) {
    return e.detail().copy().put("at", Json.text(e.at())).put("key", e.key()).put("kind", e.kind());
  }

  private static JsonObject alertJson(
      AlertReads.TimelineEntry a, java.util.Map<String, String> names) {
    return new JsonObject()
        .put("at", Json.text(a.at()))
        .put("key", a.key())
        .put("kind", "alert")
        .put("event", a.event())
        .put("alertId", a.alertId().toString())
        .put("level", a.level())
        .put("explanation", a.explanation())
        .put("explanationDa", a.explanationDa())
        .put("outcome", a.outcome())
        .put("byId", a.actorId())
        .put("by", a.actorId() == null ? null : names.get(a.actorId()));
  }
}
