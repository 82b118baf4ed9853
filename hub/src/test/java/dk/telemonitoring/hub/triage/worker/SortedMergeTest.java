package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The one-pass merge of a patient's remembered readings with those still in the outbox gives what
 * the plain way gives: the base without the readings also in the other list, plus the other list,
 * each kept by its own test, sorted.
 */
class SortedMergeTest {

  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void mergingInOnePassKeepsEachReadingOnceInOrder() {
    Random random = new Random(11);
    int shared = 0;
    for (int run = 0; run < 5_000; run++) {
      List<Observation> pool = pool(random);
      List<Observation> base = pick(random, pool, 0.7);
      List<Observation> more = pick(random, pool, 0.2);
      Predicate<Observation> keepBase = o -> o.value() != 91;
      Predicate<Observation> keepMore = o -> o.value() != 92;

      Set<Observation> inMore = new HashSet<>(more);
      List<Observation> expected = new ArrayList<>();
      for (Observation o : base) {
        if (!inMore.contains(o) && keepBase.test(o)) expected.add(o);
      }
      more.stream().filter(keepMore).forEach(expected::add);
      expected.sort(HistoryMemory.ORDER);

      assertThat(
              SortedMerge.merge(
                  SortedMerge.sorted(base), keepBase, SortedMerge.sorted(more), keepMore))
          .as("run %d", run)
          .containsExactlyElementsOf(expected);
      if (base.stream().anyMatch(inMore::contains)) shared++;
    }
    assertThat(shared).as("runs where both lists hold a reading").isGreaterThan(1_000);
  }

  /**
   * Readings on few instants and keys, so that ties in time, message and type occur, some with a
   * different value (the same key, not the same reading).
   */
  private static List<Observation> pool(Random random) {
    List<Observation> out = new ArrayList<>();
    for (int i = random.nextInt(30); i > 0; i--) {
      MeasurementType type = random.nextBoolean() ? MeasurementType.SPO2 : MeasurementType.PULSE;
      out.add(
          Observation.of(type, 90 + random.nextInt(4), T0.plusSeconds(random.nextInt(6)))
              .withRef("ox/m" + random.nextInt(3)));
    }
    return out;
  }

  private static List<Observation> pick(Random random, List<Observation> pool, double share) {
    List<Observation> out = new ArrayList<>();
    for (Observation o : pool) {
      if (random.nextDouble() < share) out.add(o);
    }
    return out;
  }
}
