package dk.telemonitoring.hub.triage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.triage.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measurement schedules at their edges (docs/clinical-reference.md "Patients and programmes": twice
 * daily for 14 days, then twice weekly; daily weight in heart failure; a missed schedule opens a
 * nurse task): window ends, the 2-hour grace, the phase change, and a device's keep-alive.
 */
class ScheduleBoundariesTest {

  private static final UUID P = UUID.fromString("00000000-0000-0000-0000-000000000003");
  private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

  private static Instant local(String dateTime) {
    return ZonedDateTime.of(LocalDateTime.parse(dateTime), MeasurementSchedule.COPENHAGEN)
        .toInstant();
  }

  @ParameterizedTest(name = "{0} windows of the week of 5 January: {1}")
  @CsvSource({
    "TWICE_DAILY,  '2026-01-05T00:00 2026-01-05T13:00 2026-01-06T00:00'",
    "DAILY,        '2026-01-05T00:00 2026-01-06T00:00 2026-01-07T00:00'",
    "TWICE_WEEKLY, '2026-01-05T00:00 2026-01-08T00:00 2026-01-12T00:00'",
    "WEEKLY,       '2026-01-05T00:00 2026-01-12T00:00'",
  })
  void cadencesSplitTheWeekIntoTheirWindows(Cadence cadence, String boundaries) {
    List<Slot> slots = cadence.windows(MONDAY, MONDAY.plusDays(6), MeasurementSchedule.COPENHAGEN);
    String[] b = boundaries.split(" ");
    for (int i = 0; i + 1 < b.length; i++) {
      assertThat(slots.get(i)).isEqualTo(new Slot(local(b[i]), local(b[i + 1])));
    }
    assertThat(slots)
        .hasSize(
            switch (cadence) {
              case TWICE_DAILY -> 14;
              case DAILY -> 7;
              case TWICE_WEEKLY -> 2;
              case WEEKLY -> 1;
            });
  }

  @ParameterizedTest(name = "slot [{0}, {1}) contains {2}: {3}")
  @CsvSource({
    "2026-01-05T00:00, 2026-01-05T13:00, 2026-01-05T00:00, true",
    "2026-01-05T00:00, 2026-01-05T13:00, 2026-01-05T12:59, true",
    "2026-01-05T00:00, 2026-01-05T13:00, 2026-01-05T13:00, false",
    "2026-01-05T00:00, 2026-01-05T13:00, 2026-01-04T23:59, false"
  })
  void aSlotIncludesItsStartAndExcludesItsEnd(
      String start, String end, String t, boolean contains) {
    assertThat(new Slot(local(start), local(end)).contains(local(t))).isEqualTo(contains);
  }

  @Test
  void theLungProgrammeChangesFromTwiceDailyToTwiceWeeklyOnDayFourteen() {
    // enrolled on a Wednesday: day 14 is the Wednesday two weeks later, inside a Monday-Wednesday
    // window
    LocalDate start = LocalDate.of(2026, 1, 7);
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.AATD, start).get(0);
    assertThat(s.code()).isEqualTo("spo2");
    List<Slot> slots = s.slots(local("2026-01-20T00:00"), local("2026-01-26T00:00"));
    assertThat(slots)
        .containsExactly(
            new Slot(local("2026-01-20T00:00"), local("2026-01-20T13:00")),
            new Slot(local("2026-01-20T13:00"), local("2026-01-21T00:00")),
            // the twice-weekly phase starts on day 14 with the Thursday-Sunday window (Monday's
            // started before it)
            new Slot(local("2026-01-22T00:00"), local("2026-01-26T00:00")));
  }

  @Test
  void aWeeklyWindowRunningPastThePhaseEndIsClippedThere() {
    MeasurementSchedule s =
        new MeasurementSchedule(
            "cat",
            MONDAY,
            List.of(
                new MeasurementSchedule.Phase(0, 10, Cadence.WEEKLY),
                new MeasurementSchedule.Phase(10, null, Cadence.DAILY)),
            MeasurementSchedule.DEFAULT_GRACE,
            MeasurementSchedule.COPENHAGEN);
    List<Slot> slots = s.slots(local("2026-01-05T00:00"), local("2026-01-16T00:00"));
    assertThat(slots)
        .startsWith(
            new Slot(local("2026-01-05T00:00"), local("2026-01-12T00:00")),
            new Slot(local("2026-01-12T00:00"), local("2026-01-15T00:00")),
            new Slot(local("2026-01-15T00:00"), local("2026-01-16T00:00")));
    assertThat(slots).hasSize(3);
  }

  @Test
  void slotsComeInTimeOrderWhateverTheOrderOfThePhases() {
    MeasurementSchedule s =
        new MeasurementSchedule(
            "cat",
            MONDAY,
            List.of(
                new MeasurementSchedule.Phase(2, null, Cadence.DAILY),
                new MeasurementSchedule.Phase(0, 2, Cadence.DAILY)),
            MeasurementSchedule.DEFAULT_GRACE,
            MeasurementSchedule.COPENHAGEN);
    assertThat(s.slots(local("2026-01-05T00:00"), local("2026-01-08T00:00")))
        .extracting(Slot::start)
        .containsExactly(
            local("2026-01-05T00:00"), local("2026-01-06T00:00"), local("2026-01-07T00:00"));
  }

  @Test
  void whenNothingWasEverMeasuredEveryDueSlotCounts() {
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.HEART_FAILURE, MONDAY).get(0);
    assertThat(
            MissedMeasurements.trailingMissed(
                s, List.of(), local("2026-01-07T03:00"), Duration.ofDays(14)))
        .containsExactly(
            new Slot(local("2026-01-05T00:00"), local("2026-01-06T00:00")),
            new Slot(local("2026-01-06T00:00"), local("2026-01-07T00:00")));
  }

  @ParameterizedTest(
      name = "heart failure, nothing measured on 6 January, checked at {0}: task {1}")
  @CsvSource({"2026-01-07T01:59, false", "2026-01-07T02:00, true", "2026-01-07T02:01, true"})
  void aSlotCountsAsMissedOnceItsTwoHourGraceHasPassed(String now, boolean task) {
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.HEART_FAILURE, MONDAY).get(0);
    List<Instant> measured = List.of(local("2026-01-05T07:30"));
    assertThat(MissedMeasurements.task(P, s, measured, local(now)).isPresent()).isEqualTo(task);
  }

  @Test
  void theTaskCountsTheMissedSlotsInARowAndSaysSinceWhen() {
    MeasurementSchedule s = MeasurementSchedule.defaultsFor(Condition.HEART_FAILURE, MONDAY).get(0);
    NurseTask t =
        MissedMeasurements.task(P, s, List.of(local("2026-01-05T07:30")), local("2026-01-09T03:00"))
            .orElseThrow();
    assertThat(t.patientId()).isEqualTo(P);
    assertThat(t.since()).isEqualTo(local("2026-01-06T00:00"));
    assertThat(t.details())
        .containsEntry("code", "weight")
        .containsEntry("missedSlots", 3)
        .containsEntry("lastMissedUntil", local("2026-01-09T00:00").toString());
    assertThat(t.text().en())
        .isEqualTo("3 scheduled body weight measurements missed in a row, since 6 Jan 00:00.");
    assertThat(t.text().da())
        .isEqualTo("3 planlagte målinger af vægt mangler i træk, siden 6. jan. kl. 00.00.");
    assertThat(
            MissedMeasurements.trailingMissed(
                s,
                List.of(local("2026-01-08T23:59")),
                local("2026-01-09T03:00"),
                Duration.ofDays(14)))
        .isEmpty();
  }

  @ParameterizedTest(name = "last seen {0} s before now with a keep-alive of 3600 s: offline {1}")
  @CsvSource({"3599, false", "3600, false", "3601, true"})
  void aDeviceIsOfflineOnlyWhenSilentLongerThanItsKeepAlive(long silentFor, boolean offline) {
    Instant now = local("2026-01-09T12:00");
    var seen =
        new DeviceLiveness.DeviceSeen(
            "ox-1", now.minusSeconds(silentFor), now.minus(Duration.ofDays(9)), 3600);
    assertThat(DeviceLiveness.offline(seen, now)).isEqualTo(offline);
    var neverSeen = new DeviceLiveness.DeviceSeen("ox-2", null, now.minusSeconds(silentFor), 3600);
    assertThat(DeviceLiveness.offline(neverSeen, now)).isEqualTo(offline);
  }

  @Test
  void theOfflineTaskListsTheSilentDevicesSinceTheEarliestSilence() {
    Instant now = local("2026-01-09T12:00");
    var a =
        new DeviceLiveness.DeviceSeen(
            "sc-1", now.minus(Duration.ofHours(5)), now.minus(Duration.ofDays(9)), 3600);
    var b = new DeviceLiveness.DeviceSeen("ox-1", null, now.minus(Duration.ofHours(30)), 3600);
    var fresh =
        new DeviceLiveness.DeviceSeen(
            "bp-1", now.minusSeconds(60), now.minus(Duration.ofDays(9)), 3600);
    NurseTask t = DeviceLiveness.task(P, List.of(a, b, fresh), now).orElseThrow();
    assertThat(t.since()).isEqualTo(now.minus(Duration.ofHours(30)));
    assertThat(t.details())
        .containsEntry("devices", List.of("ox-1", "sc-1"))
        .containsEntry("silentSince", now.minus(Duration.ofHours(30)).toString());
    assertThat(t.text().en()).isEqualTo("Device ox-1, sc-1 has sent nothing for 30 h.");
    assertThat(t.text().da()).isEqualTo("Enhed ox-1, sc-1 har ikke sendt noget i 30 t.");
  }

  /** A device never heard from: since it was bound, as the device list shows it never seen. */
  @Test
  void aDeviceNeverSeenHasSentNothingSinceItWasBound() {
    Instant now = local("2026-01-09T12:00");
    var never = new DeviceLiveness.DeviceSeen("ox-1", null, now.minus(Duration.ofHours(120)), 3600);
    NurseTask t = DeviceLiveness.task(P, List.of(never), now).orElseThrow();
    assertThat(t.text().en())
        .isEqualTo("Device ox-1 has sent nothing since it was bound 5 days ago.");
    assertThat(t.text().da())
        .isEqualTo("Enhed ox-1 har ikke sendt noget, siden den blev tilknyttet for 5 dage siden.");
  }

  /** Hours up to 47, whole days from 48 (two days) on, counted down: 71 hours are 2 days. */
  @ParameterizedTest
  @CsvSource({"47, 47 h, 47 t", "48, 2 days, 2 dage", "71, 2 days, 2 dage", "72, 3 days, 3 dage"})
  void silenceIsSaidInHoursThenInDays(long hours, String en, String da) {
    Instant now = local("2026-01-09T12:00");
    var seen =
        new DeviceLiveness.DeviceSeen(
            "ox-1", now.minus(Duration.ofHours(hours)), now.minus(Duration.ofDays(30)), 3600);
    NurseTask t = DeviceLiveness.task(P, List.of(seen), now).orElseThrow();
    assertThat(t.text().en()).isEqualTo("Device ox-1 has sent nothing for " + en + ".");
    assertThat(t.text().da()).isEqualTo("Enhed ox-1 har ikke sendt noget i " + da + ".");
  }
}
