package dk.telemonitoring.hub.triage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {

  private static final UUID P = UUID.fromString("00000000-0000-0000-0000-000000000002");

  @ParameterizedTest(name = "{0}: local day is [{1}, {2})")
  @CsvSource({
    "2026-03-28, 2026-03-27T23:00:00Z, 2026-03-28T23:00:00Z", // 24 h, CET
    "2026-03-29, 2026-03-28T23:00:00Z, 2026-03-29T22:00:00Z", // 23 h, spring forward
    "2026-03-30, 2026-03-29T22:00:00Z, 2026-03-30T22:00:00Z", // 24 h, CEST
    "2026-10-25, 2026-10-24T22:00:00Z, 2026-10-25T23:00:00Z"
  }) // 25 h, fall back
  void dailyWindowsFollowCopenhagenDaysAcrossDst(LocalDate day, Instant start, Instant end) {
    List<Slot> slots = Cadence.DAILY.windows(day, day, MeasurementSchedule.COPENHAGEN);
    assertThat(slots).containsExactly(new Slot(start, end));
  }

  @Test
  void twiceDailyThenTwiceWeekly() {
    LocalDate start = LocalDate.of(2026, 3, 2); // a Monday
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.COPD, start).get(0);
    List<Slot> slots =
        s.slots(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-29T20:00:00Z"));
    long firstTwoWeeks =
        slots.stream()
            .filter(x -> x.start().isBefore(Instant.parse("2026-03-15T23:00:00Z")))
            .count();
    assertThat(firstTwoWeeks).isEqualTo(28);
    assertThat(slots.size() - firstTwoWeeks).isEqualTo(4); // Mon-Wed and Thu-Sun, two weeks
  }

  @Test
  void heartFailureDailyWeightMissedAfterGrace() {
    LocalDate start = LocalDate.of(2026, 3, 20);
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.HEART_FAILURE, start).get(0);
    List<Instant> measured = new ArrayList<>();
    for (int d = 0; d < 9; d++)
      measured.add(Instant.parse("2026-03-20T06:30:00Z").plus(Duration.ofDays(d))); // to 03-28
    // 29 March (23-hour day) has no weight; its window ends 2026-03-29T22:00Z, grace 2 h -> missed
    // from 2026-03-30T00:00Z
    assertThat(MissedMeasurements.task(P, s, measured, Instant.parse("2026-03-29T23:59:00Z")))
        .isEmpty();
    NurseTask t =
        MissedMeasurements.task(P, s, measured, Instant.parse("2026-03-30T00:01:00Z"))
            .orElseThrow();
    assertThat(t.kind()).isEqualTo(NurseTask.Kind.MISSED_MEASUREMENT);
    assertThat(t.details())
        .containsEntry("missedSlots", 1)
        .containsEntry("firstMissedFrom", "2026-03-28T23:00:00Z");
    assertThat(t.text().en())
        .isEqualTo("1 scheduled body weight measurement missed, since 29 Mar 00:00.");
    // a late upload measured on 29 March fills the gap and the condition goes away
    measured.add(Instant.parse("2026-03-29T21:30:00Z"));
    assertThat(MissedMeasurements.task(P, s, measured, Instant.parse("2026-03-30T00:01:00Z")))
        .isEmpty();
  }

  @Test
  void slotsInAPassiveIntervalAreNotDueAndEndTheSeriesOfMissedOnes() {
    LocalDate start = LocalDate.of(2026, 3, 20);
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.HEART_FAILURE, start).get(0);
    List<Instant> measured = List.of(Instant.parse("2026-03-20T06:30:00Z"));
    Instant now = Instant.parse("2026-03-27T12:00:00Z");
    // Nothing since 20 March: 21-26 March missed (six days, Copenhagen, grace passed).
    assertThat(MissedMeasurements.task(P, s, measured, now).orElseThrow().details())
        .containsEntry("missedSlots", 6);
    // Admitted 21 March 10:00 until 25 March 09:00: only 26 March counts, after the discharge.
    TimeInterval admitted =
        new TimeInterval(
            Instant.parse("2026-03-21T09:00:00Z"), Instant.parse("2026-03-25T08:00:00Z"));
    NurseTask t = MissedMeasurements.task(P, s, measured, now, List.of(admitted)).orElseThrow();
    assertThat(t.details())
        .containsEntry("missedSlots", 1)
        .containsEntry("firstMissedFrom", "2026-03-25T23:00:00Z");
    // Still admitted: nothing is due.
    assertThat(
            MissedMeasurements.task(
                P,
                s,
                measured,
                now,
                List.of(new TimeInterval(Instant.parse("2026-03-21T09:00:00Z"), null))))
        .isEmpty();
  }

  @Test
  void consecutiveMissedSlotsAreCounted() {
    MeasurementSchedule s =
        MeasurementSchedule.defaultsFor(Condition.COPD, LocalDate.of(2026, 3, 2)).get(0);
    List<Instant> measured = List.of(Instant.parse("2026-03-03T07:00:00Z"));
    NurseTask t =
        MissedMeasurements.task(P, s, measured, Instant.parse("2026-03-05T06:00:00Z"))
            .orElseThrow();
    // slots after the 03-03 morning one: 03-03 pm, 03-04 am, 03-04 pm (grace passed), 03-05 am not
    // yet due
    assertThat(t.details()).containsEntry("missedSlots", 3);
  }

  @Test
  void deviceSilentBeyondKeepAliveIsOffline() {
    Instant now = Instant.parse("2026-03-10T12:00:00Z");
    var fresh =
        new DeviceLiveness.DeviceSeen(
            "ox-1", now.minus(Duration.ofHours(47)), now.minus(Duration.ofDays(30)), 172800);
    var stale =
        new DeviceLiveness.DeviceSeen(
            "sc-1", now.minus(Duration.ofHours(49)), now.minus(Duration.ofDays(30)), 172800);
    var never = new DeviceLiveness.DeviceSeen("sp-1", null, now.minus(Duration.ofDays(1)), 172800);
    assertThat(DeviceLiveness.task(P, List.of(fresh, never), now)).isEmpty();
    NurseTask t = DeviceLiveness.task(P, List.of(fresh, stale, never), now).orElseThrow();
    assertThat(t.kind()).isEqualTo(NurseTask.Kind.DEVICE_OFFLINE);
    assertThat(t.details()).containsEntry("devices", List.of("sc-1"));
  }
}
