package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.PatientMessageStore;
import dk.telemonitoring.hub.store.PatientMessageStore.Message;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages from the clinic to the patient's tablet, with their delivery receipts
 * (docs/device-contract.md, "Messages from the clinic").
 */
final class PatientMessageRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PatientMessageRoutes.class);

  static final int MAX_MESSAGE_CHARS = 500;

  private final Access access;
  private final DeviceCommands commands;
  private final PatientMessageStore messages;

  PatientMessageRoutes(Pool pool, Access access, DeviceCommands commands) {
    this.access = access;
    this.commands = commands;
    this.messages = new PatientMessageStore(pool);
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
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
                                    list.stream().map(PatientMessageRoutes::json).toList()))));
    api.post(
        p + "/messages",
        PatientContactRoutes.CLINICIANS,
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
                      return send(ref, who, Json.clientKey(body), text);
                    }));
  }

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
        .map(PatientMessageRoutes::json);
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
}
