package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labelled synthetic patient-weeks: stable periods and exacerbation / decompensation episodes with
 * known onsets. Day-to-day variation follows docs/clinical-reference.md#baselines (Hurst et al.,
 * BMC Pulm Med 2010: SpO2 about 1 point, pulse about 5 /min); habitual SpO2 spread over 89-96%
 * because many stable COPD patients live below population limits. Episode shapes are (judgement). A
 * richer simulator lives in device-sim ({@code dk.telemonitoring.sim}); this one is self-contained
 * so the evaluation runs without it.
 */
public final class SyntheticCohort {

  /** A simulated patient: habitual values and an optional episode. */
  public record SimPatient(
      int id, Condition condition, double spo2, double pulse, double weight, Episode episode) {}

  /** An episode: onset, duration, and how far SpO2 falls and pulse / weight rise at full effect. */
  public record Episode(
      Instant onset,
      Duration duration,
      double spo2Drop,
      double pulseRise,
      double weightGain,
      Duration rampUp) {

    /** 0..1 effect at time t (linear ramp, then plateau, then off). */
    public double effect(Instant t) {
      if (t.isBefore(onset) || !t.isBefore(onset.plus(duration))) return 0;
      double f = (double) Duration.between(onset, t).toMinutes() / rampUp.toMinutes();
      return Math.min(1, f);
    }
  }

  public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  public static final int RUN_IN_DAYS = 28;

  private SyntheticCohort() {}

  public static List<SimPatient> generate(int patients, int weeks, long seed) {
    Random rnd = new Random(seed);
    List<SimPatient> out = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      boolean hf = rnd.nextDouble() < 0.25;
      double spo2 = hf ? 94 + rnd.nextInt(3) : 89 + rnd.nextInt(8);
      double pulse = 70 + rnd.nextGaussian() * 8;
      double weight = 65 + rnd.nextDouble() * 40;
      Episode e = null;
      if (rnd.nextDouble() < 0.6) {
        int onsetDay = RUN_IN_DAYS + 3 + rnd.nextInt(Math.max(1, weeks * 7 - 12));
        Instant onset =
            START.plus(Duration.ofDays(onsetDay)).plus(Duration.ofHours(rnd.nextInt(24)));
        e =
            hf
                ? new Episode(
                    onset,
                    Duration.ofDays(7 + rnd.nextInt(4)),
                    1 + rnd.nextDouble(),
                    6 + rnd.nextDouble() * 8,
                    2.2 + rnd.nextDouble() * 1.5,
                    Duration.ofDays(4))
                : new Episode(
                    onset,
                    Duration.ofDays(7 + rnd.nextInt(5)),
                    2.5 + rnd.nextDouble() * 2.5,
                    8 + rnd.nextDouble() * 10,
                    0,
                    Duration.ofDays(3));
      }
      out.add(
          new SimPatient(i, hf ? Condition.HEART_FAILURE : Condition.COPD, spo2, pulse, weight, e));
    }
    return out;
  }
}
