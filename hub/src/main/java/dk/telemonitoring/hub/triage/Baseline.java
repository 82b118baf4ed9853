package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A personal baseline: median and MAD of the patient's usable spot checks ({@link
 * Observation#spotCheck}) over the last stable days, excluding alert episodes and the 14 days after
 * them (docs/clinical-reference.md#baselines).
 *
 * <p>Window: the most recent 28 stable calendar days with readings before {@code at - 3 d}, looking
 * back at most 90 days; at least 7 days and 10 readings are needed (judgement). "The last 14-28
 * stable days" are counted in days with readings, not in calendar time: a patient on a twice-weekly
 * programme needs 3-4 weeks for 7 such days, and an alert episode plus its 14 days removes weeks
 * more, so a 42-day window left many patients without any baseline. The last 3 days are left out so
 * that a developing exacerbation does not drag its own baseline along. While a suspected episode is
 * open ({@link #suspectedEpisode}) every reading since it opened is excluded, so the baseline is
 * frozen at what the stable days before it gave, for up to the 90-day look-back. The robust SD is
 * 1.4826 x MAD, never below the typical day-to-day variation in stable COPD: SpO2 1 point, pulse 5
 * /min, PEF 10 L/min (Hurst et al., BMC Pulm Med 2010); other floors (judgement).
 *
 * @param days number of stable days the baseline is built from
 */
public record Baseline(MeasurementType type, double median, double mad, int days, int count) {

  /** How far back stable days are looked for; also how much history the triage worker loads. */
  public static final Duration LOOKBACK = Duration.ofDays(90);

  public static final Duration GAP = Duration.ofDays(3);
  public static final Duration AFTER_EPISODE = Duration.ofDays(14);
  public static final int MAX_DAYS = 28;
  public static final int MIN_DAYS = 7;
  public static final int MIN_COUNT = 10;

  /**
   * Whether an alert episode of this rule, having reached {@code maxLevel}, marks a suspected
   * deterioration whose readings (and the 14 days after it) are kept out of baselines
   * (docs/clinical-reference.md#baselines, which also says how this differs from our first notes'
   * "excluding alert episodes and the 14 days after them").
   *
   * <p>Every alert at RED or above does, and so does every alert of a rule that compares the
   * patient with their own history (baseline deviation, trends, spirometry, heart-failure weight
   * gain, symptoms, CAT rise). A YELLOW on a fixed limit alone ({@code limit.*}, {@code news2.*})
   * does not: many stable COPD patients live below population limits
   * (docs/clinical-reference.md#per-patient-limits; TeleCare Nord, TeleKOL), so such a YELLOW is
   * often the patient's habitual value, and counting it froze the baselines of exactly those
   * patients from enrolment on, leaving them with no personal rule at all. A real deterioration
   * that crosses a YELLOW limit also moves the patient away from their own baseline, which the
   * personal rules report and which then freezes it (judgement).
   */
  public static boolean suspectedEpisode(String ruleId, Level maxLevel) {
    if (maxLevel.isAtLeast(Level.RED)) return true;
    if (!maxLevel.abnormal()) return false;
    return !(ruleId.startsWith("limit.")
        || ruleId.startsWith("news2.")
        || ruleId.startsWith("contact."));
  }

  /** Robust SD with the physiological floor. */
  public double sigma() {
    return Math.max(1.4826 * mad, noiseFloor(type));
  }

  public static double noiseFloor(MeasurementType type) {
    return switch (type) {
      case SPO2 -> 1.0; // Hurst et al., BMC Pulm Med 2010
      case PULSE -> 5.0; // Hurst et al., BMC Pulm Med 2010
      case PEF -> 10.0; // Hurst et al., BMC Pulm Med 2010
      case WEIGHT -> 0.5; // (judgement)
      case FEV1, FVC, FEV6 -> 0.1; // (judgement)
      case TEMPERATURE -> 0.3; // (judgement)
      case CAT -> 2.0; // (judgement)
      default -> 1.0;
    };
  }

  /** As {@link #ofByTime}, for readings in any order. */
  public static Optional<Baseline> of(
      MeasurementType type,
      Collection<Observation> history,
      Instant at,
      List<TimeInterval> alertEpisodes) {
    List<Observation> byTime = new ArrayList<>(history);
    byTime.sort(Comparator.comparing(Observation::measuredAt));
    return ofByTime(type, byTime, at, alertEpisodes);
  }

  /**
   * The baseline at {@code at} from {@code byTime}, the patient's readings ordered by measurement
   * time. Read backwards from {@code at - 3 d}, stopping at the 29th stable day: triage works it
   * out for every message, and only the newest 28 days count (a calendar day never runs backwards
   * in time, so the days met going back are the newest first).
   */
  public static Optional<Baseline> ofByTime(
      MeasurementType type,
      List<Observation> byTime,
      Instant at,
      List<TimeInterval> alertEpisodes) {
    Instant from = at.minus(LOOKBACK);
    Instant to = at.minus(GAP);
    List<TimeInterval> excluded =
        alertEpisodes.stream().map(e -> e.extendedBy(AFTER_EPISODE)).toList();
    TreeMap<LocalDate, List<Double>> byDay = new TreeMap<>();
    for (int i = ByTime.firstAtOrAfter(byTime, to) - 1; i >= 0; i--) {
      Observation o = byTime.get(i);
      if (o.measuredAt().isBefore(from)) break;
      if (o.type() != type || !o.spotCheck() || within(excluded, o.measuredAt())) continue;
      LocalDate day = ClinicDays.of(o.measuredAt());
      if (byDay.size() == MAX_DAYS && !byDay.containsKey(day)) break;
      byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(o.value());
    }
    List<Double> values = byDay.values().stream().flatMap(List::stream).toList();
    if (byDay.size() < MIN_DAYS || values.size() < MIN_COUNT) {
      return Optional.empty();
    }
    double median = median(values);
    double mad = median(values.stream().map(v -> Math.abs(v - median)).toList());
    return Optional.of(new Baseline(type, median, mad, byDay.size(), values.size()));
  }

  private static boolean within(List<TimeInterval> intervals, Instant t) {
    for (TimeInterval e : intervals) {
      if (e.contains(t)) return true;
    }
    return false;
  }

  public static double median(List<Double> values) {
    List<Double> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
