package dk.telemonitoring.sim.patient;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.cohort.CohortSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PhysiologyTest {
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private static Cohort cohort(
      int patients, int days, double copd, double fib, double hf, double rate) {
    return Cohort.create(
        CohortSpec.defaults(patients, days, START, 42)
            .withShares(copd, fib, hf)
            .withEpisodeRate(rate));
  }

  /**
   * Morning readings (08:00 local) of the given days, which is when programmes ask patients to
   * measure.
   */
  private static double meanMorning(
      Physiology p, Instant from, int days, ToDoubleFunction<VitalSigns> f) {
    LocalDate first = from.atZone(CohortSpec.DEFAULT_ZONE).toLocalDate();
    double sum = 0;
    for (int d = 0; d < days; d++) {
      Instant t =
          first.plusDays(d).atTime(LocalTime.of(8, 0)).atZone(CohortSpec.DEFAULT_ZONE).toInstant();
      sum += f.applyAsDouble(p.at(t));
    }
    return sum / days;
  }

  private static double sd(List<Double> xs) {
    double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    return Math.sqrt(xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (xs.size() - 1));
  }

  @Test
  void stablePatientsVaryDayToDayAsInStableCopd() {
    Cohort c = cohort(40, 60, 1, 0, 0, 0);
    List<Double> spo2Sd = new ArrayList<>();
    List<Double> pulseSd = new ArrayList<>();
    List<Double> pefSd = new ArrayList<>();
    for (CohortPatient p : c.patients()) {
      List<Double> spo2 = new ArrayList<>();
      List<Double> pulse = new ArrayList<>();
      List<Double> pef = new ArrayList<>();
      for (int d = 0; d < 60; d++) {
        VitalSigns v = p.physiology().at(START.plus(Duration.ofDays(d)).plus(Duration.ofHours(7)));
        spo2.add(v.spo2());
        pulse.add(v.pulse());
        pef.add(v.pef());
      }
      spo2Sd.add(sd(spo2));
      pulseSd.add(sd(pulse));
      pefSd.add(sd(pef));
    }
    assertThat(mean(spo2Sd)).isBetween(0.7, 1.2);
    assertThat(mean(pulseSd)).isBetween(3.5, 6.0);
    assertThat(mean(pefSd)).isBetween(7.0, 12.0);
  }

  @Test
  void pulseFollowsADiurnalRhythmLowestAtNight() {
    Physiology p = cohort(1, 10, 1, 0, 0, 0).patients().get(0).physiology();
    Instant day = START.plus(Duration.ofDays(3));
    assertThat(p.at(day.plus(Duration.ofHours(14))).pulse())
        .isGreaterThan(p.at(day.plus(Duration.ofHours(3))).pulse() + 7);
  }

  @Test
  void copdExacerbationLowersSpo2RaisesPulseAndLowersPefInTheThreeDaysAfterOnset() {
    Cohort c = cohort(150, 180, 1, 0, 0, 4);
    List<double[]> deltas = new ArrayList<>();
    for (CohortPatient p : c.patients()) {
      for (Episode e : p.episodes()) {
        if (e.onset().isBefore(START.plus(Duration.ofDays(14)))) {
          continue;
        }
        Physiology ph = p.physiology();
        Instant baselineFrom = e.onset().minus(Duration.ofDays(14));
        // The three mornings after onset: the onset day's morning usually precedes the onset
        // itself.
        Instant after = e.onset().plus(Duration.ofDays(1));
        deltas.add(
            new double[] {
              meanMorning(ph, after, 3, VitalSigns::spo2)
                  - meanMorning(ph, baselineFrom, 13, VitalSigns::spo2),
              meanMorning(ph, after, 3, VitalSigns::pulse)
                  - meanMorning(ph, baselineFrom, 13, VitalSigns::pulse),
              meanMorning(ph, after, 3, VitalSigns::pef)
                  / meanMorning(ph, baselineFrom, 13, VitalSigns::pef),
              meanMorning(ph, after, 3, VitalSigns::cat)
                  - meanMorning(ph, baselineFrom, 13, VitalSigns::cat)
            });
      }
    }
    assertThat(deltas).hasSizeGreaterThan(100);
    assertThat(deltas.stream().mapToDouble(d -> d[0]).average().orElseThrow()).isLessThan(-2.0);
    assertThat(deltas.stream().mapToDouble(d -> d[1]).average().orElseThrow()).isGreaterThan(5);
    assertThat(deltas.stream().mapToDouble(d -> d[2]).average().orElseThrow()).isLessThan(0.92);
    assertThat(deltas.stream().mapToDouble(d -> d[3]).average().orElseThrow()).isGreaterThan(3);
  }

  @Test
  void heartFailureDecompensationRaisesWeightByMoreThanTwoKilograms() {
    Cohort c = cohort(100, 180, 0, 0, 1, 3);
    int episodes = 0;
    int above2kg = 0;
    for (CohortPatient p : c.patients()) {
      for (Episode e : p.episodes()) {
        Physiology ph = p.physiology();
        double before = meanMorning(ph, e.onset().minus(Duration.ofDays(7)), 7, VitalSigns::weight);
        double atPeak = meanMorning(ph, e.peak().minus(Duration.ofDays(1)), 3, VitalSigns::weight);
        episodes++;
        if (atPeak - before > 2) {
          above2kg++;
        }
        if (e.severity() >= 0.9) {
          assertThat(atPeak - before).as("weight rise of %s", e).isGreaterThan(2);
        }
      }
    }
    assertThat(episodes).isGreaterThan(50);
    assertThat((double) above2kg / episodes).isGreaterThan(0.75);
  }

  @Test
  void fibrosisDeclineLowersFvcByTenPercentAndDoesNotRecover() {
    Cohort c = cohort(60, 200, 0, 1, 0, 2);
    int checked = 0;
    for (CohortPatient p : c.patients()) {
      for (Episode e : p.episodes()) {
        if (e.severity() < 0.9 || e.end().plus(Duration.ofDays(10)).isAfter(c.spec().end())) {
          continue;
        }
        Physiology ph = p.physiology();
        double before = meanMorning(ph, e.onset().minus(Duration.ofDays(10)), 10, VitalSigns::fvc);
        double after = meanMorning(ph, e.end().plus(Duration.ofDays(3)), 7, VitalSigns::fvc);
        assertThat(after / before).as("FVC after %s", e).isLessThan(0.92);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void episodeIntensityRisesToPeakAndEnds() {
    Instant onset = START;
    Episode e =
        new Episode(
            "p",
            EpisodeKind.COPD_EXACERBATION,
            onset,
            onset.plus(Duration.ofDays(2)),
            onset.plus(Duration.ofDays(10)),
            1);
    assertThat(e.intensityAt(onset.minusSeconds(1))).isZero();
    assertThat(e.intensityAt(onset.plus(Duration.ofDays(1))))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(e.intensityAt(onset.plus(Duration.ofDays(2)))).isEqualTo(1.0);
    assertThat(e.intensityAt(onset.plus(Duration.ofDays(10)))).isZero();
  }

  @Test
  void sameSeedGivesSameCohort() {
    Cohort a = cohort(20, 90, 0.5, 0.2, 0.3, 3);
    Cohort b = cohort(20, 90, 0.5, 0.2, 0.3, 3);
    assertThat(a.episodes()).isEqualTo(b.episodes()).isNotEmpty();
    Instant t = START.plus(Duration.ofDays(33));
    assertThat(a.patients().get(5).physiology().at(t))
        .isEqualTo(b.patients().get(5).physiology().at(t));
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
