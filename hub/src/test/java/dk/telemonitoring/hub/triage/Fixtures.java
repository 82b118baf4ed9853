package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small builders for domain tests. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private Fixtures() {}

  static PatientContext patient(Condition c) {
    return PatientContext.enrolled(
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        "vios",
        c,
        "da",
        T0.minus(Duration.ofDays(120)));
  }

  static Observation obs(MeasurementType t, double v, Instant at) {
    return Observation.of(t, v, at).withRef("dev/" + t.code() + "/" + at.toEpochMilli());
  }

  /**
   * Stable SpO2 around {@code value} (+-1), twice a day, from 4 days before T0 back {@code days}
   * days.
   */
  static List<Observation> stableSpo2(double value, int days) {
    List<Observation> h = new ArrayList<>();
    for (int d = 4; d < 4 + days; d++) {
      h.add(obs(MeasurementType.SPO2, value, T0.minus(Duration.ofDays(d))).withOxygen(false));
      h.add(
          obs(
                  MeasurementType.SPO2,
                  value + (d % 2 == 0 ? 1 : -1),
                  T0.minus(Duration.ofDays(d)).plus(Duration.ofHours(10)))
              .withOxygen(false));
    }
    return h;
  }

  /** Twice-daily readings of one value for {@code days} days ending the day before {@code end}. */
  static List<Observation> daily(MeasurementType t, double[] values, Instant end) {
    List<Observation> out = new ArrayList<>();
    int days = values.length;
    for (int d = 0; d < days; d++) {
      Instant day = end.minus(Duration.ofDays(days - d));
      out.add(obs(t, values[d], day));
    }
    return out;
  }

  static double[] repeat(double v, int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  static Finding finding(TriageOutcome o, String ruleId) {
    return o.findings().stream()
        .filter(f -> f.ruleId().equals(ruleId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + ruleId + " in " + o.findings()));
  }
}
