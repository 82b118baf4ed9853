package dk.telemonitoring.hub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClinicDaysTest {

  @Test
  void everyInstantAroundEveryTransitionAndMidnightGetsTheZonesDay() {
    List<Instant> instants = new ArrayList<>();
    Instant t = Instant.parse("1990-01-01T00:00:00Z");
    Instant end = Instant.parse("2045-01-01T00:00:00Z");
    ZoneOffsetTransition next;
    while ((next = ClinicDays.ZONE.getRules().nextTransition(t)) != null
        && next.getInstant().isBefore(end)) {
      Instant at = next.getInstant();
      for (long s : new long[] {-86_401, -3601, -1, 0, 1, 3599, 3600, 86_399}) {
        instants.add(at.plusSeconds(s));
        instants.add(at.plusSeconds(s).plusNanos(999_999_999));
      }
      // Local midnight on both sides of the transition, and a second either side of it.
      ZonedDateTime midnight =
          at.atZone(ClinicDays.ZONE).toLocalDate().atStartOfDay(ClinicDays.ZONE);
      for (long s : new long[] {-1, 0, 1}) {
        instants.add(midnight.toInstant().plusSeconds(s));
        instants.add(midnight.plusDays(1).toInstant().plusSeconds(s));
      }
      t = at;
    }
    assertThat(instants).hasSizeGreaterThan(2_000);
    // In order, backwards and shuffled: the kept span must never leak into a neighbour's.
    assertSameDays(instants);
    List<Instant> backwards = new ArrayList<>(instants);
    Collections.reverse(backwards);
    assertSameDays(backwards);
    List<Instant> shuffled = new ArrayList<>(instants);
    Collections.shuffle(shuffled, new Random(7));
    assertSameDays(shuffled);
  }

  @Test
  void randomInstantsOverACenturyGetTheZonesDay() {
    Random random = new Random(11);
    List<Instant> instants = new ArrayList<>();
    long from = Instant.parse("1950-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2080-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      instants.add(Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from))));
    }
    assertSameDays(instants);
  }

  private static void assertSameDays(List<Instant> instants) {
    for (Instant i : instants) {
      assertThat(ClinicDays.of(i))
          .as(i.toString())
          .isEqualTo(i.atZone(ClinicDays.ZONE).toLocalDate());
    }
  }
}
