package dk.telemonitoring.sim.cohort;

import dk.telemonitoring.sim.device.Device;
import dk.telemonitoring.sim.device.DeviceKind;
import dk.telemonitoring.sim.patient.Episode;
import dk.telemonitoring.sim.patient.PatientProfile;
import dk.telemonitoring.sim.patient.Physiology;
import java.util.List;
import java.util.Optional;

/**
 * A patient of the cohort with their physiology (episodes included) and the devices they were
 * given.
 */
public record CohortPatient(PatientProfile profile, Physiology physiology, List<Device> devices) {

  public CohortPatient {
    devices = List.copyOf(devices);
  }

  public List<Episode> episodes() {
    return physiology.episodes();
  }

  public Optional<Device> device(DeviceKind kind) {
    return devices.stream().filter(d -> d.kind() == kind).findFirst();
  }
}
