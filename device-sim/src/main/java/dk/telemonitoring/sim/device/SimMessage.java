package dk.telemonitoring.sim.device;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One message a simulated device sends: where, what bytes, and the truth about it (when it was
 * really measured and sent in simulated time, whether it is a late backlog upload, a re-sent
 * duplicate, or deliberately bad and why). A plain value: publishing it is someone else's job.
 *
 * @param measuredAt true measurement time in simulated time (null for {@code status}); the payload
 *     carries it shifted by the device's clock skew
 * @param sendAt simulated time at which the device sends it (later than measuredAt for backlog
 *     uploads)
 * @param fault null when the payload follows the contract
 */
public record SimMessage(
    String deviceId,
    String patientKey,
    String kind,
    String msgId,
    byte[] payload,
    Instant measuredAt,
    Instant sendAt,
    Duration clockSkew,
    boolean late,
    boolean duplicate,
    Fault fault,
    String faultReason) {

  /** Topic below {@code {root}/{clinic}/}. */
  public String topicSuffix() {
    return "devices/" + deviceId + "/readings";
  }

  public String topic(String root, String clinic) {
    return root + "/" + clinic + "/" + topicSuffix();
  }

  public boolean deliberatelyBad() {
    return fault != null;
  }

  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  SimMessage asDuplicateSentAt(Instant resendAt) {
    return new SimMessage(
        deviceId,
        patientKey,
        kind,
        msgId,
        payload,
        measuredAt,
        resendAt,
        clockSkew,
        late,
        true,
        fault,
        faultReason);
  }
}
