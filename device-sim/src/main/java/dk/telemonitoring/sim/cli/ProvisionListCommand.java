package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.device.Device;
import dk.telemonitoring.sim.json.JsonText;
import dk.telemonitoring.sim.run.LiveSimulation;
import dk.telemonitoring.sim.run.SimConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "provision-list",
    mixinStandardHelpOptions = true,
    description =
        "Prints, as JSON, the clinic and every device id (with its patient) that replay or live "
            + "will use for the same options, so the hub can be provisioned for them.")
final class ProvisionListCommand implements Callable<Integer> {
  @Option(
      names = "--clinic",
      defaultValue = "vios",
      description = "clinic code (default: ${DEFAULT-VALUE})")
  String clinic;

  @Mixin CohortOptions cohort;

  @Option(
      names = "--live",
      description = "list the devices of 'live' (its demo patients) instead of 'replay'")
  boolean live;

  @Override
  public Integer call() {
    Cohort c =
        live
            ? LiveSimulation.cohortOf(
                SimConfig.demo("tcp://unused:1883", clinic, cohort.patients, 1, cohort.seed))
            : Cohort.create(cohort.spec(1, Instant.EPOCH));
    System.out.println(JsonText.write(document(clinic, c)));
    return 0;
  }

  static Map<String, Object> document(String clinic, Cohort c) {
    List<Object> devices = new ArrayList<>();
    List<Object> patients = new ArrayList<>();
    for (CohortPatient p : c.patients()) {
      Map<String, Object> patient = new LinkedHashMap<>();
      patient.put("patient", p.profile().key());
      patient.put("patientId", p.profile().id().toString());
      patient.put("condition", p.profile().condition().code());
      patients.add(patient);
      for (Device d : p.devices()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("deviceId", d.id());
        o.put("kind", d.kind().name().toLowerCase());
        o.put("patient", p.profile().key());
        o.put("patientId", p.profile().id().toString());
        devices.add(o);
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("clinic", clinic);
    doc.put("patients", patients);
    doc.put("devices", devices);
    return doc;
  }
}
