package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import java.time.Instant;
import java.util.Set;

/**
 * One stored value as triage sees it: a plain copy of a {@link Reading} row with the context that
 * matters for scoring (oxygen, rest) and the spirometry session grade.
 *
 * @param oxygen on supplemental oxygen; {@code null} when the device did not say
 * @param rest measured after rest (a repeat); {@code null} when not stated
 * @param grade spirometry session grade, {@code null} for other measurements
 * @param ref the reading's key, {@code deviceId/msgId}
 */
public record Observation(
    MeasurementType type,
    double value,
    Instant measuredAt,
    Boolean oxygen,
    Boolean rest,
    SpirometryGrade grade,
    Set<String> flags,
    String ref) {

  public Observation {
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }

  public static Observation of(MeasurementType type, double value, Instant measuredAt) {
    return new Observation(type, value, measuredAt, null, null, null, Set.of(), null);
  }

  public Observation withOxygen(Boolean onOxygen) {
    return new Observation(type, value, measuredAt, onOxygen, rest, grade, flags, ref);
  }

  public Observation withRef(String reference) {
    return new Observation(type, value, measuredAt, oxygen, rest, grade, flags, reference);
  }

  public Observation withGrade(SpirometryGrade g) {
    return new Observation(type, value, measuredAt, oxygen, rest, g, flags, ref);
  }

  public Observation withRest(Boolean r) {
    return new Observation(type, value, measuredAt, oxygen, r, grade, flags, ref);
  }

  /**
   * Spirometry of grade D or worse, or flagged poor quality, is shown but excluded from alarms and
   * baselines (docs/clinical-reference.md#spirometry, ATS/ERS 2019).
   */
  public boolean usable() {
    return !flags.contains(Reading.FLAG_POOR_QUALITY) && (grade == null || grade.usableForTriage());
  }

  /** A sample of a continuous recording ({@link Reading#FLAG_CONTINUOUS}). */
  public boolean continuous() {
    return flags.contains(Reading.FLAG_CONTINUOUS);
  }

  /**
   * Usable and a spot check: what personal baselines and trends are made of and applied to.
   * Continuous samples are left out (judgement): baselines describe the scheduled, resting daytime
   * measurements of stable days (docs/clinical-reference.md#continuous-recordings), while a
   * wearable streams mostly at night, when SpO2 normally runs lower in COPD; a night's 30,000
   * samples would also outweigh every spot check of the month.
   */
  public boolean spotCheck() {
    return usable() && !continuous();
  }

  public boolean implausible() {
    return flags.contains(Reading.FLAG_IMPLAUSIBLE);
  }
}
