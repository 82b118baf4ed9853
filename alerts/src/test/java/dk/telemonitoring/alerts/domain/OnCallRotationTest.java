package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On-call lookup rule by rule ({@link Rotation}, {@link OnCallSchedule}): who holds a role at the
 * exact handover instants, before a rotation starts, when a later rotation takes over, and which
 * override wins.
 */
class OnCallRotationTest {

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);
  private static final Rotation NURSES =
      new Rotation(
          3,
          "vios",
          OnCallRole.NURSE_ON_DUTY,
          CPH,
          MONDAY,
          1,
          List.of(LocalTime.of(23, 0), LocalTime.of(7, 0), LocalTime.of(15, 0), LocalTime.of(7, 0)),
          List.of("n1", "n2", "n3", "n4"));
  private static final Rotation DOCTORS =
      new Rotation(
          1,
          "vios",
          OnCallRole.ONCALL_DOCTOR,
          CPH,
          MONDAY,
          1,
          List.of(LocalTime.of(8, 0)),
          List.of("dr-a", "dr-b", "dr-c"));

  private static Instant local(String dateTime) {
    return ZonedDateTime.of(LocalDateTime.parse(dateTime), CPH).toInstant();
  }

  @Test
  void handoverTimesAreSortedAndDistinctAndARotationNeedsTimesPeopleAndAPeriod() {
    assertThat(NURSES.handoverTimes())
        .containsExactly(LocalTime.of(7, 0), LocalTime.of(15, 0), LocalTime.of(23, 0));
    assertThatThrownBy(
            () ->
                new Rotation(
                    9,
                    "vios",
                    OnCallRole.ONCALL_DOCTOR,
                    CPH,
                    MONDAY,
                    0,
                    List.of(LocalTime.NOON),
                    List.of("dr-a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new Rotation(
                    9,
                    "vios",
                    OnCallRole.ONCALL_DOCTOR,
                    CPH,
                    MONDAY,
                    1,
                    List.of(LocalTime.NOON),
                    List.of("dr-a"))
                .rotationDays())
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                new Rotation(
                    9,
                    "vios",
                    OnCallRole.ONCALL_DOCTOR,
                    CPH,
                    MONDAY,
                    1,
                    List.of(),
                    List.of("dr-a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Rotation(
                    9,
                    "vios",
                    OnCallRole.ONCALL_DOCTOR,
                    CPH,
                    MONDAY,
                    1,
                    List.of(LocalTime.NOON),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "nurse at {0} local: {1}, shift [{2}, {3})")
  @CsvSource({
    // local time,       person, shift start,       shift end
    "2026-01-05T07:00, n1, 2026-01-05T07:00, 2026-01-05T15:00", // the first handover of the anchor
    // day
    "2026-01-05T14:59, n1, 2026-01-05T07:00, 2026-01-05T15:00",
    "2026-01-05T15:00, n2, 2026-01-05T15:00, 2026-01-05T23:00", // exactly at a handover: the new
    // shift
    "2026-01-05T23:00, n3, 2026-01-05T23:00, 2026-01-06T07:00",
    "2026-01-06T06:59, n3, 2026-01-05T23:00, 2026-01-06T07:00",
    "2026-01-06T07:00, n4, 2026-01-06T07:00, 2026-01-06T15:00",
    "2026-01-06T15:00, n1, 2026-01-06T15:00, 2026-01-06T23:00", // four people, three shifts a day
  })
  void nurseShiftsStartAtEachHandoverAndEndAtTheNext(
      String at, String person, String start, String end) {
    Shift s =
        new OnCallSchedule(List.of(NURSES), List.of())
            .at(OnCallRole.NURSE_ON_DUTY, local(at))
            .orElseThrow();
    assertThat(s.personId()).isEqualTo(person);
    assertThat(s.start()).isEqualTo(local(start));
    assertThat(s.end()).isEqualTo(local(end));
    assertThat(s.source()).isEqualTo(Shift.Source.ROTATION);
    assertThat(s.role()).isEqualTo(OnCallRole.NURSE_ON_DUTY);
  }

  @Test
  void beforeTheFirstHandoverNobodyIsOnCallButTheFirstShiftIsNext() {
    OnCallSchedule schedule = new OnCallSchedule(List.of(DOCTORS), List.of());
    OnCall before = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-05T07:59"));
    assertThat(before.now()).isEmpty();
    assertThat(before.next().orElseThrow().personId()).isEqualTo("dr-a");
    assertThat(before.next().orElseThrow().start()).isEqualTo(local("2026-01-05T08:00"));
    OnCall first = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-05T08:00"));
    assertThat(first.now().orElseThrow().personId()).isEqualTo("dr-a");
    assertThat(first.next().orElseThrow().personId()).isEqualTo("dr-b");
    assertThat(first.next().orElseThrow().start()).isEqualTo(local("2026-01-06T08:00"));
  }

  @Test
  void beforeAnyoneIsOnCallTheNextShiftIsTheRolesOwnNotAnotherRolesEarlierOne() {
    // the nurses start at 07:00, the doctors at 08:00: at 06:00 the next doctor is the 08:00 one
    OnCall early =
        new OnCallSchedule(List.of(NURSES, DOCTORS), List.of())
            .whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-05T06:00"));
    assertThat(early.now()).isEmpty();
    assertThat(early.next().orElseThrow().personId()).isEqualTo("dr-a");
  }

  @Test
  void aRoleWithoutARotationHasNobodyAndNoNext() {
    OnCallSchedule schedule = new OnCallSchedule(List.of(NURSES), List.of());
    assertThat(schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T12:00"))).isEmpty();
    OnCall none = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T12:00"));
    assertThat(none.now()).isEmpty();
    assertThat(none.next()).isEmpty();
  }

  @Test
  void aRotationWithALaterAnchorTakesOverAtItsFirstHandoverAndCutsTheShiftBeforeIt() {
    Rotation newTeam =
        new Rotation(
            2,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            CPH,
            LocalDate.of(2026, 1, 8),
            1,
            List.of(LocalTime.of(12, 0)),
            List.of("dr-x", "dr-y"));
    // a rotation of another role with a later anchor changes nothing for the doctors
    Rotation otherRole =
        new Rotation(
            4,
            "vios",
            OnCallRole.BACKUP_DOCTOR,
            CPH,
            LocalDate.of(2026, 1, 7),
            1,
            List.of(LocalTime.of(10, 0)),
            List.of("dr-z"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(DOCTORS, newTeam, otherRole), List.of());
    Shift wednesday =
        schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-07T09:00")).orElseThrow();
    assertThat(wednesday.personId()).isEqualTo("dr-c");
    assertThat(wednesday.end()).isEqualTo(local("2026-01-08T08:00"));
    Shift thursdayMorning =
        schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-08T09:00")).orElseThrow();
    assertThat(thursdayMorning.personId()).isEqualTo("dr-a");
    assertThat(thursdayMorning.end())
        .as("cut at the new rotation's first handover")
        .isEqualTo(local("2026-01-08T12:00"));
    OnCall handover = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-08T09:00"));
    assertThat(handover.next().orElseThrow().personId()).isEqualTo("dr-x");
    Shift thursdayNoon =
        schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-08T12:00")).orElseThrow();
    assertThat(thursdayNoon.personId()).isEqualTo("dr-x");
    assertThat(thursdayNoon.end()).isEqualTo(local("2026-01-09T12:00"));
    // once the new rotation has started, the old one's later anchor no longer cuts anything
    Shift friday = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-09T13:00")).orElseThrow();
    assertThat(friday.personId()).isEqualTo("dr-y");
    assertThat(friday.end()).isEqualTo(local("2026-01-10T12:00"));
  }

  @Test
  void aRotationThatStartsLaterIsNotUsedBeforeItsFirstHandover() {
    Rotation future =
        new Rotation(
            2,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            CPH,
            LocalDate.of(2026, 2, 1),
            1,
            List.of(LocalTime.of(8, 0)),
            List.of("dr-future"));
    OnCallSchedule schedule = new OnCallSchedule(List.of(DOCTORS, future), List.of());
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-02-01T07:59"))
                .orElseThrow()
                .personId())
        .isNotEqualTo("dr-future");
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-02-01T08:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-future");
  }

  @ParameterizedTest(name = "a {0}-day rotation on day {1}: {2}")
  @CsvSource({
    "2, 0, dr-a",
    "2, 1, dr-a",
    "2, 2, dr-b",
    "2, 3, dr-b",
    "2, 4, dr-c",
    "2, 6, dr-a",
    "3, 2, dr-a",
    "3, 3, dr-b"
  })
  void aMultiDayRotationKeepsOnePersonForTheWholePeriod(int days, int day, String person) {
    Rotation r =
        new Rotation(
            5,
            "vios",
            OnCallRole.BACKUP_DOCTOR,
            CPH,
            MONDAY,
            days,
            List.of(LocalTime.of(8, 0)),
            List.of("dr-a", "dr-b", "dr-c"));
    Shift s =
        new OnCallSchedule(List.of(r), List.of())
            .at(
                OnCallRole.BACKUP_DOCTOR,
                ZonedDateTime.of(MONDAY.plusDays(day), LocalTime.of(9, 0), CPH).toInstant())
            .orElseThrow();
    assertThat(s.personId()).isEqualTo(person);
    assertThat(s.end())
        .isEqualTo(
            ZonedDateTime.of(MONDAY.plusDays((day / days + 1L) * days), LocalTime.of(8, 0), CPH)
                .toInstant());
  }

  @Test
  void anOverrideCoversFromItsStartUntilJustBeforeItsEnd() {
    OnCallOverride swap =
        override(
            7,
            OnCallRole.ONCALL_DOCTOR,
            "dr-s",
            "2026-01-06T10:00",
            "2026-01-06T14:00",
            "2026-01-01T00:00");
    OnCallSchedule schedule = new OnCallSchedule(List.of(DOCTORS), List.of(swap));
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T09:59"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-b");
    Shift during = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T10:00")).orElseThrow();
    assertThat(during)
        .isEqualTo(
            new Shift(
                OnCallRole.ONCALL_DOCTOR,
                "dr-s",
                local("2026-01-06T10:00"),
                local("2026-01-06T14:00"),
                Shift.Source.OVERRIDE));
    Shift after = schedule.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T14:00")).orElseThrow();
    assertThat(after.personId()).isEqualTo("dr-b");
    assertThat(after.end()).isEqualTo(local("2026-01-07T08:00"));
    // an override of another role neither covers nor cuts the doctor's shift
    OnCallSchedule nurseSwap =
        new OnCallSchedule(
            List.of(DOCTORS),
            List.of(
                override(
                    8,
                    OnCallRole.NURSE_ON_DUTY,
                    "n9",
                    "2026-01-06T10:00",
                    "2026-01-06T14:00",
                    "2026-01-01T00:00")));
    Shift doctor = nurseSwap.at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T09:00")).orElseThrow();
    assertThat(doctor.personId()).isEqualTo("dr-b");
    assertThat(doctor.end()).isEqualTo(local("2026-01-07T08:00"));
    assertThat(
            nurseSwap
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T11:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-b");
  }

  @Test
  void ofOverlappingOverridesTheLatestCreatedWinsAndOnATieTheHigherId() {
    OnCallOverride older =
        override(
            1,
            OnCallRole.ONCALL_DOCTOR,
            "dr-old",
            "2026-01-06T10:00",
            "2026-01-06T20:00",
            "2026-01-01T00:00");
    OnCallOverride newer =
        override(
            2,
            OnCallRole.ONCALL_DOCTOR,
            "dr-new",
            "2026-01-06T12:00",
            "2026-01-06T14:00",
            "2026-01-02T00:00");
    OnCallOverride sameTimeLowerId =
        override(
            0,
            OnCallRole.ONCALL_DOCTOR,
            "dr-low",
            "2026-01-06T12:00",
            "2026-01-06T14:00",
            "2026-01-02T00:00");
    OnCallSchedule schedule =
        new OnCallSchedule(List.of(DOCTORS), List.of(newer, older, sameTimeLowerId));
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T11:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-old");
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T13:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-new");
    assertThat(
            schedule
                .at(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T15:00"))
                .orElseThrow()
                .personId())
        .isEqualTo("dr-old");
  }

  private static OnCallOverride override(
      long id, OnCallRole role, String person, String from, String to, String created) {
    return new OnCallOverride(id, "vios", role, person, local(from), local(to), local(created));
  }
}
