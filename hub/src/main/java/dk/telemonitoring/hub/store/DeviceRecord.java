package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.reading.Rejection.reject;

import dk.telemonitoring.hub.reading.RejectReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the registry knows about a device: its clinic, whether it is retired, and whom it measured
 * when.
 */
public record DeviceRecord(
    String deviceId, String clinicId, Instant retiredAt, List<Binding> bindings) {

  public record Binding(UUID patientId, Instant boundAt, Instant unboundAt) {
    boolean covers(Instant t) {
      return !t.isBefore(boundAt) && (unboundAt == null || t.isBefore(unboundAt));
    }
  }

  /**
   * The patient this device measured at {@code measuredAt}, published under {@code topicClinic}. A
   * late upload after a device was handed to someone else still goes to the patient it measured.
   */
  public UUID patientAt(String topicClinic, Instant measuredAt) {
    if (!clinicId.equals(topicClinic)) {
      throw reject(RejectReason.CLINIC_MISMATCH, "topic clinic '" + topicClinic + "'");
    }
    if (retiredAt != null && !measuredAt.isBefore(retiredAt)) {
      throw reject(RejectReason.DEVICE_RETIRED, "since " + retiredAt);
    }
    return bindings.stream()
        .filter(b -> b.covers(measuredAt))
        .map(Binding::patientId)
        .findFirst()
        .orElseThrow(() -> reject(RejectReason.DEVICE_NOT_BOUND, "at " + measuredAt));
  }
}
