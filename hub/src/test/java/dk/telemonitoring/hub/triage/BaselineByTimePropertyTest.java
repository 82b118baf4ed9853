package dk.telemonitoring.hub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The baseline triage works out per message reads the patient's readings backwards from {@code at -
 * 3 d} and stops at the 29th stable day; it must give exactly what the definition gives (every
 * reading of the 90 days, grouped by day, the newest 28 days kept), on histories with gaps, several
 * readings a day, continuous samples, poor-quality readings, other types, alert episodes and the
 * daylight-saving days of Copenhagen.
 */
class BaselineByTimePropertyTest {

  /** Around the change to summer time (29 March 2026) and back (25 October 2026). */
  private static final Instant[] ENDS = {
    Instant.parse("2026-04-20T06:30:00Z"), Instant.parse("2026-11-10T22:59:59Z")
  };

  @Test
  void readingBackwardsGivesTheBaselineOfTheDefinition() {
    Random random = new Random(42);
    int without = 0;
    int fewerDays = 0;
    int newest28 = 0;
    for (int run = 0; run < 2_000; run++) {
      Instant at = ENDS[run % 2].plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
      List<Observation> history = history(random, at);
      List<TimeInterval> episodes = episodes(random, at);
      for (MeasurementType type :
          new MeasurementType[] {MeasurementType.SPO2, MeasurementType.PULSE}) {
        Optional<Baseline> expected = byDefinition(type, history, at, episodes);
        List<Observation> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, random);
        assertThat(Baseline.of(type, shuffled, at, episodes)).as("run %d", run).isEqualTo(expected);
        if (expected.isEmpty()) without++;
        else if (expected.get().days() < Baseline.MAX_DAYS) fewerDays++;
        else newest28++;
      }
    }
    // The runs exercise every answer: none, fewer than 28 days, and the newest 28 of more.
    assertThat(without).isGreaterThan(300);
    assertThat(fewerDays).isGreaterThan(300);
    assertThat(newest28).isGreaterThan(300);
  }

  private static List<Observation> history(Random random, Instant at) {
    List<Observation> out = new ArrayList<>();
    int days = 20 + random.nextInt(100);
    double skipDay = random.nextDouble() * 0.7;
    for (int d = 0; d < days; d++) {
      if (random.nextDouble() < skipDay) continue;
      int perDay = 1 + random.nextInt(4);
      for (int k = 0; k < perDay; k++) {
        Instant t = at.minus(Duration.ofDays(d)).minus(Duration.ofMinutes(random.nextInt(24 * 60)));
        MeasurementType type = random.nextBoolean() ? MeasurementType.SPO2 : MeasurementType.PULSE;
        Set<String> flags =
            switch (random.nextInt(20)) {
              case 0 -> Set.of(Reading.FLAG_CONTINUOUS);
              case 1 -> Set.of(Reading.FLAG_POOR_QUALITY);
              default -> Set.of();
            };
        double value = (type == MeasurementType.SPO2 ? 90 : 60) + random.nextInt(12);
        out.add(new Observation(type, value, t, null, null, null, flags, null));
      }
      if (random.nextInt(10) == 0) {
        out.add(Observation.of(MeasurementType.WEIGHT, 80, at.minus(Duration.ofDays(d))));
      }
    }
    return out;
  }

  private static List<TimeInterval> episodes(Random random, Instant at) {
    List<TimeInterval> out = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      Instant from = at.minus(Duration.ofHours(random.nextInt(120 * 24)));
      out.add(
          new TimeInterval(
              from,
              random.nextInt(4) == 0 ? null : from.plus(Duration.ofHours(random.nextInt(96)))));
    }
    return out;
  }

  /** The definition read forwards: every reading of the window by day, the newest 28 days kept. */
  private static Optional<Baseline> byDefinition(
      MeasurementType type, List<Observation> history, Instant at, List<TimeInterval> episodes) {
    TreeMap<LocalDate, List<Double>> byDay = new TreeMap<>();
    for (Observation o : history) {
      boolean inWindow =
          !o.measuredAt().isBefore(at.minus(Baseline.LOOKBACK))
              && o.measuredAt().isBefore(at.minus(Baseline.GAP));
      boolean inEpisode =
          episodes.stream()
              .anyMatch(e -> e.extendedBy(Baseline.AFTER_EPISODE).contains(o.measuredAt()));
      if (o.type() == type && o.spotCheck() && inWindow && !inEpisode) {
        byDay.computeIfAbsent(ClinicDays.of(o.measuredAt()), d -> new ArrayList<>()).add(o.value());
      }
    }
    while (byDay.size() > Baseline.MAX_DAYS) byDay.pollFirstEntry();
    List<Double> values = byDay.values().stream().flatMap(List::stream).toList();
    if (byDay.size() < Baseline.MIN_DAYS || values.size() < Baseline.MIN_COUNT) {
      return Optional.empty();
    }
    double median = Baseline.median(values);
    double mad = Baseline.median(values.stream().map(v -> Math.abs(v - median)).toList());
    return Optional.of(new Baseline(type, median, mad, byDay.size(), values.size()));
  }
}
