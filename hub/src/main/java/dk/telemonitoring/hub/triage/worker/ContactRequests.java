package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.ContactReasons;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.TriageOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What triage makes of a patient's "call me" message (a device event, not a measurement). */
final class ContactRequests {

  private ContactRequests() {}

  /** A "call me" request from the patient: YELLOW, a nurse calls within the shift (judgement). */
  static Future<TriageOutcome> of(
      SqlConnection tx, PatientContext ctx, String deviceId, String msgId, Instant measuredAt) {
    return tx.preparedQuery(
            "SELECT payload FROM device_events WHERE device_id = $1 AND msg_id = $2")
        .execute(Tuple.of(deviceId, msgId))
        .map(
            rs -> {
              JsonObject payload =
                  rs.size() == 0
                      ? new JsonObject()
                      : TriageSql.json(rs.iterator().next().getValue("payload"));
              String text = payload == null ? "" : String.valueOf(payload.getValue("text", ""));
              String reason = payload == null ? "" : String.valueOf(payload.getValue("reason", ""));
              String relation =
                  payload == null ? "" : String.valueOf(payload.getValue("relation", ""));
              Explanation why = ContactReasons.words(reason, relation);
              Finding f =
                  new Finding(
                      TriageWorker.CONTACT_RULE,
                      1,
                      Level.YELLOW,
                      Map.of("reason", reason, "relation", relation, "text", text),
                      new Explanation(
                          "The patient asked to be called (" + why.en() + "): \"" + text + "\".",
                          "Patienten har bedt om at blive ringet op ("
                              + why.da()
                              + "): \""
                              + text
                              + "\"."),
                      false);
              return new TriageOutcome(
                  measuredAt,
                  Level.YELLOW,
                  List.of(f),
                  ctx.passiveAt(measuredAt),
                  false,
                  false,
                  false);
            });
  }
}
