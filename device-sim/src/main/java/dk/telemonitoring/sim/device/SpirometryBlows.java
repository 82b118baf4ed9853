package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.patient.VitalSigns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Three blows of one home spirometry session. A good blow lands within a few percent of the
 * patient's true lung function; a submaximal one (poor effort, cough, slow start) falls 8-25%
 * short. Patients with weaker technique produce more of them, which is what makes the hub's ATS/ERS
 * grades spread from A to F.
 */
public final class SpirometryBlows {
  static final int BLOWS = 3;

  private SpirometryBlows() {}

  /** Public so the hub's triage evaluation can simulate a repeat session the hub asked for. */
  public static List<Map<String, Object>> session(
      VitalSigns v, double technique, RandomGenerator rng) {
    List<Map<String, Object>> blows = new ArrayList<>();
    for (int i = 0; i < BLOWS; i++) {
      boolean submaximal = rng.nextDouble() > technique;
      double effort =
          submaximal ? 0.75 + 0.17 * rng.nextDouble() : 1 - Math.abs(0.025 * rng.nextGaussian());
      double fev1 = v.fev1() * effort;
      double fvc = Math.max(fev1 + 0.05, v.fvc() * (submaximal ? effort + 0.05 : effort));
      double fev6 = Math.min(fvc, fvc * (0.93 + 0.04 * rng.nextDouble()));
      Map<String, Object> blow = new LinkedHashMap<>();
      blow.put("fev1", round2(fev1));
      blow.put("fvc", round2(fvc));
      blow.put("fev6", round2(Math.max(fev6, fev1)));
      blow.put(
          "pef",
          (double) Math.round(Math.max(25, v.pef() * effort * (1 + 0.03 * rng.nextGaussian()))));
      blows.add(blow);
    }
    return blows;
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
