package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnCallScheduleTest {

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  /** Daily doctors' rotation, handover 08:00 local, anchored a week before the spring change. */
  private static final Rotation DOCTORS =
      new Rotation(
          1,
          "vios",
          OnCallRole.ONCALL_DOCTOR,
          CPH,
          LocalDate.of(2026, 3, 22),
          1,
          List.of(LocalTime.of(8, 0)),
          List.of("dr-a", "dr-b"));

  private static Instant local(String dateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), CPH).toInstant();
  }

  @Test
  void handoverStaysAtEightLocalOnTheSpringForwardDay() {
    OnCallSchedule schedule = new OnCallSchedule(List.of(DOCTORS), List.of());
    // 2026-03-22 is day 0 (dr-a), so 2026-03-28 (day 6) is dr-a and 2026-03-29 (day 7) dr-b.
    // On 2026-03-29 clocks go 02:00 -> 03:00; 08:00 CEST is 06:00Z, whereas a fixed 24 h rotation
    // would hand over
    // at 07:00Z (09:00 CEST).
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, Instant.parse("2026-03-29T05:59:00Z"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-a");
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, Instant.parse("2026-03-29T06:30:00Z"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-b");
    Shift saturdayShift =
        schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-03-29T01:30")).orElseThrow();
    assertThat(java.time.Duration.between(saturdayShift.start(), saturdayShift.end())).hasHours(23);
  }

  @Test
  void handoverStaysAtEightLocalOnTheFallBackDay() {
    Rotation autumn =
        new Rotation(
            2,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            CPH,
            LocalDate.of(2026, 10, 18),
            1,
            List.of(LocalTime.of(8, 0)),
            List.of("dr-a", "dr-b"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(autumn), List.of());
    // 2026-10-25 (day 7) is dr-b from 08:00 CET = 07:00Z; the previous shift (dr-a) lasted 25
    // hours.
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, Instant.parse("2026-10-25T06:30:00Z"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-a");
    Shift sunday =
        schedule.at(OnCallRole.ONCALL_DOCTOR, Instant.parse("2026-10-25T07:00:00Z")).orElseThrow();
    assertThat(sunday.personId()).isEqualTo("dr-b");
    Shift saturday = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-10-25T02:30")).orElseThrow();
    assertThat(java.time.Duration.between(saturday.start(), saturday.end())).hasHours(25);
  }

  @Test
  void overrideWinsForItsShiftAndCutsTheRotationShiftBeforeIt() {
    OnCallOverride swap =
        new OnCallOverride(
            7,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            "dr-c",
            local("2026-03-29T20:00"),
            local("2026-03-30T08:00"),
            Instant.parse("2026-03-01T00:00:00Z"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(DOCTORS), List.of(swap));
    Shift during = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-03-29T23:00")).orElseThrow();
    assertThat(during.personId()).isEqualTo("dr-c");
    assertThat(during.source()).isEqualTo(Shift.Source.OVERRIDE);
    OnCall noon = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-03-29T12:00"));
    assertThat(noon.now().orElseThrow().personId()).isEqualTo("dr-b");
    assertThat(noon.now().orElseThrow().end()).isEqualTo(local("2026-03-29T20:00"));
    assertThat(noon.next().orElseThrow().personId()).isEqualTo("dr-c");
  }

  @Test
  void aSwappedShiftIsTheNextShiftWhenNobodyHoldsTheRoleBeforeIt() {
    OnCallOverride swap =
        new OnCallOverride(
            8,
            "vios",
            OnCallRole.NURSE_ON_DUTY,
            "nurse-n",
            local("2026-12-06T17:00"),
            local("2026-12-06T19:00"),
            Instant.parse("2026-12-01T00:00:00Z"));
    // No nurses' rotation at all; the doctors' rotation is another role's.
    OnCallSchedule swapOnly = new OnCallSchedule(List.of(DOCTORS), List.of(swap));
    OnCall before = swapOnly.whoIsOnCall(OnCallRole.NURSE_ON_DUTY, local("2026-12-06T16:59"));
    assertThat(before.now()).isEmpty();
    assertThat(before.next().orElseThrow().personId()).isEqualTo("nurse-n");
    assertThat(before.next().orElseThrow().start()).isEqualTo(local("2026-12-06T17:00"));
    assertThat(swapOnly.whoIsOnCall(OnCallRole.NURSE_ON_DUTY, local("2026-12-06T19:00")).next())
        .as("nothing after the swap")
        .isEmpty();
    // A rotation that starts later than the swap: the swap comes first; one that starts earlier
    // comes first.
    Rotation nursesFromMonday =
        new Rotation(
            3,
            "vios",
            OnCallRole.NURSE_ON_DUTY,
            CPH,
            LocalDate.of(2026, 12, 7),
            1,
            List.of(LocalTime.of(8, 0)),
            List.of("nurse-m"));
    OnCallSchedule both = new OnCallSchedule(List.of(nursesFromMonday), List.of(swap));
    assertThat(
            both.whoIsOnCall(OnCallRole.NURSE_ON_DUTY, local("2026-12-06T12:00"))
                .next()
                .orElseThrow()
                .personId())
        .isEqualTo("nurse-n");
    assertThat(
            both.whoIsOnCall(OnCallRole.NURSE_ON_DUTY, local("2026-12-06T19:30"))
                .next()
                .orElseThrow()
                .personId())
        .isEqualTo("nurse-m");
  }

  @Test
  void nurseShiftsCycleThroughThreeHandoversADay() {
    Rotation nurses =
        new Rotation(
            3,
            "vios",
            OnCallRole.NURSE_ON_DUTY,
            CPH,
            LocalDate.of(2026, 1, 5),
            1,
            List.of(LocalTime.of(7, 0), LocalTime.of(15, 0), LocalTime.of(23, 0)),
            List.of("n1", "n2", "n3", "n4"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(nurses), List.of());
    assertThat(
            schedule
                .at(OnCallRole.NURSE_ON_DUTY, local("2026-01-05T07:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("n1");
    assertThat(
            schedule
                .at(OnCallRole.NURSE_ON_DUTY, local("2026-01-05T16:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("n2");
    assertThat(
            schedule
                .at(OnCallRole.NURSE_ON_DUTY, local("2026-01-06T02:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("n3");
    assertThat(
            schedule
                .at(OnCallRole.NURSE_ON_DUTY, local("2026-01-06T07:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("n4");
    assertThat(schedule.at(OnCallRole.NURSE_ON_DUTY, local("2026-01-05T06:59"))).isEmpty();
  }

  @Test
  void weeklyRotationHandsOverOnTheAnchorWeekday() {
    Rotation weekly =
        new Rotation(
            4,
            "vios",
            OnCallRole.BACKUP_DOCTOR,
            CPH,
            LocalDate.of(2026, 3, 23),
            7,
            List.of(LocalTime.of(8, 0)),
            List.of("dr-x", "dr-y"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(weekly), List.of());
    assertThat(
            schedule
                .at(OnCallRole.BACKUP_DOCTOR, local("2026-03-29T12:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-x");
    OnCall onCall = schedule.whoIsOnCall(OnCallRole.BACKUP_DOCTOR, local("2026-03-29T12:00"));
    assertThat(onCall.now().orElseThrow().end()).isEqualTo(local("2026-03-30T08:00"));
    assertThat(onCall.next().orElseThrow().personId()).isEqualTo("dr-y");
  }

  /**
   * A week's shift with a day's swap in it: after the swap the rotation's doctor is on call again
   * from the swap's end, not from the week's start (the rota showed her "all day" under the swap).
   * The swap ending exactly at the instant asked counts; one ending a second later still holds the
   * role; one that ended before the shift began changes nothing.
   */
  @Test
  void theShiftAfterASwapStartsWhenTheSwapEnds() {
    Rotation weekly =
        new Rotation(
            5,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            CPH,
            LocalDate.of(2026, 3, 22),
            7,
            List.of(LocalTime.of(8, 0)),
            List.of("dr-lars"));
    OnCallOverride swap =
        new OnCallOverride(
            8,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            "dr-eva",
            local("2026-03-23T08:00"),
            local("2026-03-24T08:00"),
            Instant.parse("2026-03-01T00:00:00Z"));
    OnCallOverride before =
        new OnCallOverride(
            9,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            "dr-eva",
            local("2026-03-21T08:00"),
            local("2026-03-21T20:00"),
            Instant.parse("2026-03-01T00:00:00Z"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(weekly), List.of(swap, before));

    Shift monday = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-03-23T07:00")).orElseThrow();
    assertThat(monday.personId()).isEqualTo("dr-lars");
    assertThat(monday.start()).isEqualTo(local("2026-03-22T08:00"));
    assertThat(monday.end()).isEqualTo(local("2026-03-23T08:00"));

    Shift atTheEnd = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-03-24T08:00")).orElseThrow();
    assertThat(atTheEnd.personId()).isEqualTo("dr-lars");
    assertThat(atTheEnd.start()).isEqualTo(local("2026-03-24T08:00"));
    assertThat(atTheEnd.end()).isEqualTo(local("2026-03-29T08:00"));

    Shift aSecondBefore =
        schedule
            .at(OnCallRole.ONCALL_DOCTOR, local("2026-03-24T08:00").minusSeconds(1))
            .orElseThrow();
    assertThat(aSecondBefore.personId()).isEqualTo("dr-eva");

    Shift later = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-03-26T12:00")).orElseThrow();
    assertThat(later.start()).isEqualTo(local("2026-03-24T08:00"));

    OnCall afterSwap = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-03-23T12:00"));
    assertThat(afterSwap.next().orElseThrow().start()).isEqualTo(local("2026-03-24T08:00"));
  }
}
