package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.reading.DeviceMessage.DeviceEvent;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.Rejection;
import dk.telemonitoring.hub.triage.CriticalScreen;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.UUID;

/**
 * One received message, ready to be written in a batch; it is acknowledged to the broker only after
 * the commit.
 */
public sealed interface WriteItem
    permits WriteItem.Measurements, WriteItem.Event, WriteItem.Quarantined {

  Instant receivedAt();

  /**
   * A message the critical lane may alert on: the {@link BatchWriter} writes it ahead of the
   * messages waiting, so that its alert does not wait behind the ingest's own backlog.
   */
  default boolean urgent() {
    return false;
  }

  /**
   * Where the message came from and its bytes as received: kept for quarantine should the database
   * refuse it.
   */
  record Source(String topic, Buffer payload) {}

  /**
   * {@code urgent}: a spot check beyond the widest CRITICAL threshold ({@link
   * #urgent(MeasurementSet)}, worked out once: the pipeline, the writer, the metrics and the lane's
   * wake-up all ask). A patient's own stricter CRITICAL limit is judged in the commit as before,
   * but its message waits its turn.
   */
  record Measurements(MeasurementSet set, UUID patientId, Source source, boolean urgent)
      implements WriteItem {

    public Measurements(MeasurementSet set, UUID patientId, Source source) {
      this(set, patientId, source, urgent(set));
    }

    @Override
    public Instant receivedAt() {
      return set.readings().get(0).receivedAt();
    }

    /** As {@link #urgent()}, for a message not yet attributed to a patient. */
    public static boolean urgent(MeasurementSet set) {
      for (var r : set.readings()) {
        if (CriticalScreen.screened(r.flags())
            && CriticalScreen.mayBeCritical(r.type().code(), r.value())) {
          return true;
        }
      }
      return false;
    }
  }

  /** A contact request or status report; {@code patientId} is null for a status report. */
  record Event(DeviceEvent event, UUID patientId, Source source) implements WriteItem {
    @Override
    public Instant receivedAt() {
      return event.receivedAt();
    }
  }

  /**
   * {@code msgId} is null unless the decoder read and accepted it (docs/device-contract.md, "Hub
   * replies on the command topic"): a payload that could be read two ways has none.
   */
  record Quarantined(
      String topic,
      String clinicId,
      String deviceId,
      String msgId,
      Rejection rejection,
      Buffer payload,
      Instant receivedAt)
      implements WriteItem {}
}
