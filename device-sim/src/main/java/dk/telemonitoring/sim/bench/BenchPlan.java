package dk.telemonitoring.sim.bench;

import dk.telemonitoring.sim.device.DeviceIds;
import dk.telemonitoring.sim.device.DeviceKind;
import dk.telemonitoring.sim.device.Payloads;
import dk.telemonitoring.sim.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The open-loop schedule of one bench run, fixed before anything is sent: message i is due at
 * {@code start + i / rate} on device {@code i mod K}, whatever happens to earlier messages. Latency
 * is measured from that intended time, so a stalled system is charged for the messages it delayed
 * (no coordinated omission). Each message is an oximeter measurement with two values (spo2, pulse),
 * i.e. two rows in {@code readings}.
 */
public record BenchPlan(String runId, List<String> deviceIds, double rate, int durationSeconds) {
  public static final int ROWS_PER_MESSAGE = 2;

  /** Device ids depend on the seed only, so a provisioned set can be reused across runs. */
  public static List<String> deviceIds(int count, long seed) {
    DeviceIds ids = new DeviceIds(seed ^ 0xBE4C4L);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(ids.next(DeviceKind.OXIMETER));
    }
    return out;
  }

  public int messageCount() {
    return (int) Math.round(rate * durationSeconds);
  }

  public long intendedOffsetNanos(int index) {
    return (long) (index * 1e9 / rate);
  }

  public String deviceOf(int index) {
    return deviceIds.get(index % deviceIds.size());
  }

  /** The msgId prefix unique to this run: rows of the run are counted by it. */
  public String msgIdPrefix() {
    return runId + "-";
  }

  public String msgId(int index) {
    return msgIdPrefix() + index;
  }

  /** Index of a msgId of this run, or -1. */
  public int indexOf(String msgId) {
    if (msgId == null || !msgId.startsWith(msgIdPrefix())) {
      return -1;
    }
    try {
      return Integer.parseInt(msgId.substring(msgIdPrefix().length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Payload of message i; measuredAt and sentAt are its intended send time. */
  public byte[] payload(int index, Instant intended) {
    // Unremarkable values for a COPD patient at rest: the bench measures ingest, not alerting.
    int spo2 = 94 + index % 5;
    int pulse = 62 + index % 25;
    Map<String, Object> p =
        Payloads.measurement(
            msgId(index),
            intended,
            intended,
            List.of(
                new Payloads.Value("spo2", spo2, "%"), new Payloads.Value("pulse", pulse, "/min")),
            null);
    return JsonText.write(p).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Payload of message i sent as an alert sample: SpO2 80 %, below the hub's CRITICAL floor of 84 %
   * that no per-patient limit relaxes (hub triage/CriticalFloors), so the reading raises an alert
   * for any patient.
   */
  public byte[] abnormalPayload(int index, Instant intended) {
    Map<String, Object> p =
        Payloads.measurement(
            msgId(index),
            intended,
            intended,
            List.of(new Payloads.Value("spo2", 80, "%"), new Payloads.Value("pulse", 112, "/min")),
            null);
    return JsonText.write(p).getBytes(StandardCharsets.UTF_8);
  }
}
