package dk.telemonitoring.sim.cohort;

import dk.telemonitoring.sim.device.Device;
import dk.telemonitoring.sim.device.DeviceIds;
import dk.telemonitoring.sim.device.DeviceKind;
import dk.telemonitoring.sim.patient.Condition;
import dk.telemonitoring.sim.patient.Episode;
import dk.telemonitoring.sim.patient.EpisodePlanner;
import dk.telemonitoring.sim.patient.PatientFactory;
import dk.telemonitoring.sim.patient.PatientProfile;
import dk.telemonitoring.sim.patient.Physiology;
import dk.telemonitoring.sim.random.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * N simulated patients over D days, each with a physiology, planned episodes and a kit of devices.
 */
public final class Cohort {
  private final CohortSpec spec;
  private final List<CohortPatient> patients;

  private Cohort(CohortSpec spec, List<CohortPatient> patients) {
    this.spec = spec;
    this.patients = List.copyOf(patients);
  }

  public static Cohort create(CohortSpec spec) {
    PatientFactory factory = new PatientFactory(spec.seed());
    EpisodePlanner planner = new EpisodePlanner(spec.warmUp());
    DeviceIds ids = new DeviceIds(spec.seed());
    List<CohortPatient> patients = new ArrayList<>();
    for (int i = 0; i < spec.patients(); i++) {
      Condition condition = conditionFor(i, spec);
      PatientProfile profile = factory.create(i, condition);
      List<Episode> episodes =
          planner.plan(profile, spec.start(), spec.end(), spec.rateFor(condition.episodeKind()));
      boolean wearable =
          condition != Condition.HEART_FAILURE
              && Seeds.stream(profile.seed(), 0x3EA7L).nextDouble() < spec.wearableShare();
      patients.add(
          new CohortPatient(
              profile,
              new Physiology(profile, episodes, spec.zone()),
              kit(condition, wearable, profile.key(), ids)));
    }
    return new Cohort(spec, patients);
  }

  /** A cohort of given, hand-picked patients (the demo's few named profiles). */
  public static Cohort of(CohortSpec spec, List<CohortPatient> patients) {
    return new Cohort(spec, patients);
  }

  /**
   * Spreads conditions by index in proportion to the shares, so that even a cohort of three gets
   * the mix asked for instead of whatever a coin flip gives.
   */
  static Condition conditionFor(int index, CohortSpec spec) {
    double total = spec.copdShare() + spec.fibrosisShare() + spec.heartFailureShare();
    double position = (index + 0.5) / Math.max(1, spec.patients()) * total;
    if (position < spec.copdShare()) {
      return Condition.COPD;
    }
    if (position < spec.copdShare() + spec.fibrosisShare()) {
      return Condition.FIBROSIS;
    }
    return spec.heartFailureShare() > 0
        ? Condition.HEART_FAILURE
        : spec.fibrosisShare() > 0 ? Condition.FIBROSIS : Condition.COPD;
  }

  /** The devices a programme hands out for a condition. */
  public static List<Device> kit(
      Condition condition, boolean wearable, String patientKey, DeviceIds ids) {
    List<DeviceKind> kinds =
        switch (condition) {
          case COPD ->
              List.of(
                  DeviceKind.OXIMETER,
                  DeviceKind.SPIROMETER,
                  DeviceKind.THERMOMETER,
                  DeviceKind.TABLET);
          case FIBROSIS -> List.of(DeviceKind.OXIMETER, DeviceKind.SPIROMETER, DeviceKind.TABLET);
          case HEART_FAILURE ->
              List.of(DeviceKind.SCALE, DeviceKind.BP_CUFF, DeviceKind.OXIMETER, DeviceKind.TABLET);
        };
    List<Device> devices = new ArrayList<>();
    for (DeviceKind kind : kinds) {
      devices.add(new Device(ids.next(kind), kind, patientKey));
    }
    if (wearable) {
      devices.add(
          new Device(
              ids.next(DeviceKind.WEARABLE_OXIMETER), DeviceKind.WEARABLE_OXIMETER, patientKey));
    }
    return devices;
  }

  public CohortSpec spec() {
    return spec;
  }

  public List<CohortPatient> patients() {
    return patients;
  }

  public List<Episode> episodes() {
    return patients.stream()
        .flatMap(p -> p.episodes().stream())
        .sorted(Comparator.comparing(Episode::onset))
        .toList();
  }

  public List<Device> devices() {
    return patients.stream().flatMap(p -> p.devices().stream()).toList();
  }
}
