package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A remembered run is appended to in place by the next batch: every view handed out before must
 * keep reading what it read, whichever views are cut or appended to after it.
 */
class ReadingRunTest {

  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void viewsKeepTheirReadingsWhateverIsAppendedAfterThem() {
    Random random = new Random(5);
    for (int run = 0; run < 500; run++) {
      List<ReadingRun> views = new ArrayList<>();
      List<List<Observation>> expected = new ArrayList<>();
      int next = 0;
      ReadingRun first = ReadingRun.of(readings(next, random.nextInt(5)));
      next += first.size();
      views.add(first);
      expected.add(List.copyOf(first));
      for (int step = 0; step < 30; step++) {
        int i = random.nextInt(views.size());
        ReadingRun base = views.get(i);
        ReadingRun made;
        List<Observation> want;
        if (random.nextInt(4) == 0) {
          int cut = random.nextInt(base.size() + 1);
          made = base.from(cut);
          want = expected.get(i).subList(cut, base.size());
        } else {
          // Later than anything in any view: appends never go before a run's last reading.
          List<Observation> later = readings(next, random.nextInt(4));
          next += later.size();
          made = base.followedBy(later);
          want = new ArrayList<>(expected.get(i));
          want.addAll(later);
        }
        views.add(made);
        expected.add(List.copyOf(want));
        for (int v = 0; v < views.size(); v++) {
          assertThat(views.get(v))
              .as("run %d, view %d", run, v)
              .containsExactlyElementsOf(expected.get(v));
        }
      }
    }
  }

  @Test
  void findsTheFirstReadingOfATime() {
    ReadingRun run = ReadingRun.of(readings(0, 6)).from(2);

    assertThat(run.firstAtOrAfter(T0)).isZero();
    assertThat(run.firstAtOrAfter(T0.plus(Duration.ofMinutes(2)))).isZero();
    assertThat(run.firstAtOrAfter(T0.plus(Duration.ofMinutes(3)))).isEqualTo(1);
    assertThat(run.firstAtOrAfter(T0.plus(Duration.ofMinutes(2)).plusNanos(1))).isEqualTo(1);
    assertThat(run.firstAtOrAfter(T0.plus(Duration.ofMinutes(6)))).isEqualTo(4);
  }

  @Test
  void aRunKnowsWhetherItMayHoldContinuousSamples() {
    ReadingRun spot = ReadingRun.of(readings(0, 3));
    Observation sample =
        new Observation(
            MeasurementType.SPO2,
            95,
            T0.plus(Duration.ofMinutes(10)),
            null,
            null,
            null,
            Set.of(Reading.FLAG_CONTINUOUS),
            "wear/1");

    assertThat(spot.mayHoldContinuous()).isFalse();
    assertThat(spot.followedBy(List.of(sample)).mayHoldContinuous()).isTrue();
    assertThat(ReadingRun.of(List.of(sample)).mayHoldContinuous()).isTrue();
  }

  /** Spot checks a minute apart from minute {@code start}. */
  private static List<Observation> readings(int start, int n) {
    List<Observation> out = new ArrayList<>();
    for (int i = start; i < start + n; i++) {
      out.add(
          Observation.of(MeasurementType.SPO2, 90 + i % 7, T0.plus(Duration.ofMinutes(i)))
              .withRef("ox/m" + i));
    }
    return out;
  }
}
