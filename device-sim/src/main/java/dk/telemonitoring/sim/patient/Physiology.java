package dk.telemonitoring.sim.patient;

import dk.telemonitoring.sim.random.Seeds;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The state of one patient as a function of time: personal baseline + that day's variation +
 * diurnal rhythm + the effect of any episode. Pure and order-independent: the same instant always
 * gives the same state, so a device can be asked about any moment, in any order.
 *
 * <p>Day-to-day standard deviations follow docs/clinical-reference.md#baselines (Hurst et al. 2010:
 * about 1 point SpO2, 5 /min pulse, 10 L/min PEF in stable COPD; home FVC about 5% in fibrosis).
 */
public final class Physiology {
  /** Day-level SDs: how much a stable patient's daily level wanders. */
  static final double SD_SPO2 = 0.9;

  static final double SD_PULSE = 4.5;
  static final double SD_PEF = 9;
  static final double SD_LUNG_FRACTION = 0.04;
  static final double SD_WEIGHT = 0.35;
  static final double SD_TEMPERATURE = 0.15;
  static final double SD_SYSTOLIC = 6;
  static final double SD_DIASTOLIC = 4;
  static final double SD_CAT = 1.5;

  private final PatientProfile patient;
  private final List<Episode> episodes;
  private final ZoneId zone;

  public Physiology(PatientProfile patient, List<Episode> episodes, ZoneId zone) {
    this.patient = patient;
    this.episodes = List.copyOf(episodes);
    this.zone = zone;
  }

  public PatientProfile patient() {
    return patient;
  }

  public List<Episode> episodes() {
    return episodes;
  }

  public VitalSigns at(Instant t) {
    Baseline b = patient.baseline();
    ZonedDateTime local = t.atZone(zone);
    RandomGenerator day = Seeds.stream(patient.seed(), local.toLocalDate().toEpochDay(), 0xDA1L);
    double hour = local.getHour() + local.getMinute() / 60.0;

    double spo2 = b.spo2() + SD_SPO2 * day.nextGaussian() + Diurnal.spo2(hour);
    double pulse = b.pulse() + SD_PULSE * day.nextGaussian() + Diurnal.pulse(hour);
    double pef = (b.pef() + SD_PEF * day.nextGaussian()) * Diurnal.lungFunctionFactor(hour);
    double lung = (1 + SD_LUNG_FRACTION * day.nextGaussian()) * Diurnal.lungFunctionFactor(hour);
    double fev1 = b.fev1() * lung;
    double fvc = b.fvc() * lung;
    double weight = b.weight() + SD_WEIGHT * day.nextGaussian() + Diurnal.weight(hour);
    double temperature =
        b.temperature() + SD_TEMPERATURE * day.nextGaussian() + Diurnal.temperature(hour);
    double systolic = b.systolic() + SD_SYSTOLIC * day.nextGaussian() + Diurnal.systolic(hour);
    double diastolic = b.diastolic() + SD_DIASTOLIC * day.nextGaussian();
    double cat = b.cat() + SD_CAT * day.nextGaussian();

    double intensity = 0;
    double symptomProbability = 0.05;
    for (Episode e : episodes) {
      double i = e.intensityAt(t);
      if (i <= 0) {
        continue;
      }
      double s = i * e.severity();
      EpisodeKind.Effect fx = e.kind().effect();
      spo2 += fx.spo2() * s;
      pulse += fx.pulse() * s;
      fev1 *= 1 + fx.fev1Fraction() * s;
      fvc *= 1 + fx.fvcFraction() * s;
      pef *= 1 + fx.pefFraction() * s;
      weight += fx.weightKg() * s;
      temperature += fx.temperature() * s;
      cat += fx.cat() * s;
      intensity = Math.max(intensity, i);
      symptomProbability =
          Math.max(symptomProbability, Math.min(0.98, fx.symptomProbability() * i));
    }
    return new VitalSigns(
        Math.min(100, spo2),
        pulse,
        fev1,
        Math.max(fvc, fev1),
        pef,
        weight,
        temperature,
        systolic,
        Math.min(diastolic, systolic - 20),
        Math.max(0, Math.min(40, cat)),
        intensity,
        symptomProbability);
  }
}
