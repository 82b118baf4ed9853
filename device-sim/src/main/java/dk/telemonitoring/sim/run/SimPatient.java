package dk.telemonitoring.sim.run;

import dk.telemonitoring.sim.device.Device;
import dk.telemonitoring.sim.patient.Condition;
import java.time.Duration;
import java.util.List;

/**
 * One patient of a live simulation, with the device ids the hub has (or will have) provisioned for
 * them.
 *
 * @param episodeAfter simulated time after the start at which this patient's deterioration begins,
 *     or null for a stable patient
 */
public record SimPatient(
    String key, Condition condition, List<Device> devices, Duration episodeAfter) {

  public SimPatient {
    devices = List.copyOf(devices);
    for (Device d : devices) {
      if (!d.patientKey().equals(key)) {
        throw new IllegalArgumentException("device " + d.id() + " belongs to " + d.patientKey());
      }
    }
  }
}
