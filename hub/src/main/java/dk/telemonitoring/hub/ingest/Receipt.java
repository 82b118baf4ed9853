package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.store.WriteItem;
import dk.telemonitoring.hub.store.WriteOutcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the hub tells a device after its message was handled: the receipt of docs/device-contract.md
 * ("Hub replies on the command topic"), none for a message whose device is unknown. A rejected
 * message's msgId only when the decoder accepted it: never one guessed out of a payload refused for
 * being readable two ways.
 */
record Receipt(String clinicId, String deviceId, Buffer payload) {

  static Optional<Receipt> of(WriteItem item, WriteOutcome outcome) {
    JsonObject body = new JsonObject().put("v", 1).put("kind", "receipt");
    if (item instanceof WriteItem.Measurements m) {
      body.put("msgId", m.set().msgId())
          .put("status", outcome == WriteOutcome.STORED ? "stored" : "duplicate");
      return Optional.of(new Receipt(m.set().clinicId(), m.set().deviceId(), body.toBuffer()));
    }
    if (item instanceof WriteItem.Event e) {
      body.put("msgId", e.event().msgId())
          .put("status", outcome == WriteOutcome.STORED ? "stored" : "duplicate");
      return Optional.of(new Receipt(e.event().clinicId(), e.event().deviceId(), body.toBuffer()));
    }
    WriteItem.Quarantined q = (WriteItem.Quarantined) item;
    if (q.deviceId() == null || q.clinicId() == null) {
      return Optional.empty();
    }
    if (q.msgId() != null) {
      body.put("msgId", q.msgId());
    }
    body.put("status", "rejected").put("reason", q.rejection().reason().label());
    return Optional.of(new Receipt(q.clinicId(), q.deviceId(), body.toBuffer()));
  }
}
