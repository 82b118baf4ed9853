package dk.telemonitoring.sim.cohort;

import dk.telemonitoring.sim.device.Device;
import dk.telemonitoring.sim.json.JsonText;
import dk.telemonitoring.sim.patient.Episode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every episode of a cohort as one JSON object per line (JSON Lines), sorted by onset, with
 * the patient's UUID and device ids so a triage evaluation can join the hub's alerts to the truth
 * without knowing the simulator.
 */
public final class GroundTruthWriter {
  private GroundTruthWriter() {}

  public static void write(Cohort cohort, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(cohort, w);
    }
  }

  public static void write(Cohort cohort, Writer w) throws IOException {
    for (CohortPatient p :
        cohort.patients().stream().sorted(Comparator.comparing(p -> p.profile().key())).toList()) {
      for (Episode e : p.episodes()) {
        w.write(line(p, e));
        w.write('\n');
      }
    }
    w.flush();
  }

  static String line(CohortPatient p, Episode e) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("patient", e.patientKey());
    o.put("patientId", p.profile().id().toString());
    o.put("condition", p.profile().condition().code());
    o.put("kind", e.kind().code());
    o.put("onset", e.onset());
    o.put("peak", e.peak());
    o.put("end", e.end());
    o.put("severity", Math.round(e.severity() * 100) / 100.0);
    o.put("persists", e.kind().persistsAfterEnd());
    List<String> devices = p.devices().stream().map(Device::id).toList();
    o.put("devices", devices);
    return JsonText.write(o);
  }
}
