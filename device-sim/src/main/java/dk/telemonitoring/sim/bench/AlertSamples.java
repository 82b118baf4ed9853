package dk.telemonitoring.sim.bench;

import dk.telemonitoring.sim.device.DeviceIds;
import dk.telemonitoring.sim.device.DeviceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The abnormal readings of one bench run that measure publish-to-alert latency: {@code count} of
 * the plan's messages, spread evenly over the run, are sent instead from devices of fresh patients
 * (new for this run) with a CRITICAL SpO2. The hub keeps one open alert per patient and rule, so a
 * patient who already has one would raise nothing: a fresh patient per sample gives exactly one new
 * alert per sample.
 */
record AlertSamples(
    List<String> deviceIds,
    List<UUID> patientIds,
    int[] messageIndexes,
    Map<UUID, Integer> byPatient) {

  static AlertSamples of(BenchPlan plan, int count, Set<String> takenDeviceIds) {
    int n = Math.min(count, plan.messageCount());
    DeviceIds ids = new DeviceIds(plan.runId().hashCode() ^ 0xA1E27L);
    Set<String> taken = new HashSet<>(takenDeviceIds);
    List<String> devices = new ArrayList<>(n);
    List<UUID> patients = new ArrayList<>(n);
    int[] indexes = new int[n];
    for (int j = 0; j < n; j++) {
      String id;
      do {
        id = ids.next(DeviceKind.OXIMETER);
      } while (!taken.add(id));
      devices.add(id);
      patients.add(UUID.randomUUID());
      indexes[j] = (int) ((j + 0.5) * plan.messageCount() / n);
    }
    Map<UUID, Integer> byPatient = new HashMap<>();
    for (int j = 0; j < n; j++) {
      byPatient.put(patients.get(j), j);
    }
    return new AlertSamples(devices, patients, indexes, byPatient);
  }

  int count() {
    return messageIndexes.length;
  }

  /** The sample sent as message i, or -1 for an ordinary message. */
  int sampleAt(int messageIndex) {
    int j = Arrays.binarySearch(messageIndexes, messageIndex);
    return j >= 0 ? j : -1;
  }

  /** The sample of a patient, or -1. */
  int sampleOf(UUID patientId) {
    return byPatient.getOrDefault(patientId, -1);
  }
}
