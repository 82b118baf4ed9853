package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.ingest.PayloadDecoder;
import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.DeviceEvent;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.device.CohortMessageStream;
import dk.telemonitoring.sim.device.PatientMessageGenerator;
import dk.telemonitoring.sim.device.SimMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What reached the hub for one patient, and what did not. */
final class SimulatedIngest {
  final List<StoredSet> sets = new ArrayList<>();
  long sent;
  long duplicatesSent;
  long notDelivered;
  long duplicatesDropped;
  long events;
  long contactsScored;
  long storedSets;
  long faultyStored;
  final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);

  void add(SimulatedIngest o) {
    sent += o.sent;
    duplicatesSent += o.duplicatesSent;
    notDelivered += o.notDelivered;
    duplicatesDropped += o.duplicatesDropped;
    events += o.events;
    contactsScored += o.contactsScored;
    storedSets += o.storedSets;
    faultyStored += o.faultyStored;
    o.rejected.forEach((k, v) -> rejected.merge(k, v, Long::sum));
  }

  /**
   * Generates the patient's messages, then decodes and stores them in arrival order as the hub
   * would.
   */
  static SimulatedIngest replay(CohortPatient p, DeviceSimOptions o, PayloadDecoder decoder) {
    SimulatedIngest in = new SimulatedIngest();
    PatientMessageGenerator gen =
        new PatientMessageGenerator(p, o.behaviour(), o.start(), o.cohortSpec().zone());
    List<SimMessage> messages = new ArrayList<>();
    int days = SyntheticCohort.RUN_IN_DAYS + 7 * o.weeks();
    for (int d = 0; d < days; d++) messages.addAll(gen.day(d));
    messages.sort(CohortMessageStream.BY_SEND_TIME);
    Set<String> storedKeys = new HashSet<>();
    for (SimMessage m : messages) {
      // As in CohortMessageStream: what would be sent after the period's end never is.
      if (!m.sendAt().isBefore(o.end())) {
        in.notDelivered++;
        continue;
      }
      in.sent++;
      if (m.duplicate()) in.duplicatesSent++;
      Instant receivedAt = m.sendAt();
      DeviceMessage decoded;
      try {
        decoded =
            decoder.decode(
                new DeviceTopic(DeviceSimEvaluation.CLINIC, m.deviceId()),
                Buffer.buffer(m.payload()),
                receivedAt);
      } catch (RejectedException e) {
        in.rejected.merge(e.rejection().reason(), 1L, Long::sum);
        continue;
      }
      Instant measuredAt =
          decoded instanceof MeasurementSet set
              ? set.measuredAt()
              : ((DeviceEvent) decoded).occurredAt();
      if (!DeviceEvent.STATUS.equals(kindOf(decoded)) && measuredAt.isBefore(o.start())) {
        // The registry binds the devices at enrolment: an earlier measurement has no patient.
        in.rejected.merge(RejectReason.DEVICE_NOT_BOUND, 1L, Long::sum);
        continue;
      }
      if (!storedKeys.add(m.deviceId() + "/" + m.msgId())) {
        in.duplicatesDropped++;
        continue;
      }
      if (m.deliberatelyBad()) in.faultyStored++;
      if (decoded instanceof MeasurementSet set) {
        List<Observation> obs = set.readings().stream().map(SimulatedIngest::observation).toList();
        in.sets.add(
            new StoredSet(
                set.deviceId(), set.msgId(), set.kind(), set.measuredAt(), receivedAt, obs));
      } else if (DeviceEvent.CONTACT.equals(kindOf(decoded))) {
        if (!measuredAt.isBefore(o.scoredFrom())) in.contactsScored++;
      } else {
        in.events++;
      }
    }
    in.storedSets = in.sets.size();
    in.sets.sort(
        Comparator.comparing(StoredSet::measuredAt)
            .thenComparing(StoredSet::deviceId)
            .thenComparing(StoredSet::msgId));
    return in;
  }

  private static String kindOf(DeviceMessage m) {
    return m instanceof MeasurementSet s ? s.kind() : ((DeviceEvent) m).kind();
  }

  /**
   * A stored reading as triage sees it; the same mapping as the triage worker's
   * (TriageSql.observation).
   */
  static Observation observation(Reading r) {
    JsonObject context =
        r.contextJson() == null || r.contextJson().isBlank()
            ? null
            : new JsonObject(r.contextJson());
    JsonObject detail =
        r.detailJson() == null || r.detailJson().isBlank() ? null : new JsonObject(r.detailJson());
    Set<String> flags = new HashSet<>(r.flags());
    SpirometryGrade grade = null;
    if (detail != null && detail.getValue("grade") instanceof String g) {
      try {
        grade = SpirometryGrade.valueOf(g);
      } catch (IllegalArgumentException e) {
        flags.add(Reading.FLAG_POOR_QUALITY);
      }
    }
    Boolean oxygen = context != null && context.getValue("oxygen") instanceof Boolean b ? b : null;
    Boolean rest = context != null && context.getValue("rest") instanceof Boolean b ? b : null;
    return new Observation(
        r.type(),
        r.value(),
        r.measuredAt(),
        oxygen,
        rest,
        grade,
        flags,
        r.deviceId() + "/" + r.msgId());
  }
}
