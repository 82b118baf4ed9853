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
 * A rotation with a last day ({@link Rotation#lastDate()}): a holiday rota stands in for the
 * ordinary one from its first handover until its first handover time on the day after its last day,
 * and the ordinary one applies again from that instant, at each boundary exactly.
 */
class RotationLastDateTest {

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

  /** Daily at 08:00: dr-a on Monday, dr-b on Tuesday, dr-c on Wednesday, dr-a on Thursday... */
  private static final Rotation ORDINARY =
      rotation(1, MONDAY, null, 1, LocalTime.of(8, 0), "dr-a", "dr-b", "dr-c");

  /** Wednesday 09:00 until Friday 09:00, one week-long shift cut short by its last day. */
  private static final Rotation HOLIDAY =
      rotation(2, MONDAY.plusDays(2), MONDAY.plusDays(3), 7, LocalTime.of(9, 0), "dr-x");

  private static Rotation rotation(
      long id, LocalDate first, LocalDate last, int days, LocalTime handover, String... people) {
    return new Rotation(
        id,
        "vios",
        OnCallRole.ONCALL_DOCTOR,
        CPH,
        first,
        last,
        days,
        List.of(handover),
        List.of(people));
  }

  private static Instant local(String dateTime) {
    return ZonedDateTime.of(LocalDateTime.parse(dateTime), CPH).toInstant();
  }

  @ParameterizedTest(name = "at {0} local: {1}, shift [{2}, {3})")
  @CsvSource({
    // local time,       person, shift start,      shift end
    "2026-01-07T08:59:59, dr-c, 2026-01-07T08:00, 2026-01-07T09:00", // cut where the holiday starts
    "2026-01-07T09:00, dr-x, 2026-01-07T09:00, 2026-01-09T09:00", // its first handover
    "2026-01-09T08:59:59, dr-x, 2026-01-07T09:00, 2026-01-09T09:00", // a week's shift, cut at the
    // end
    "2026-01-09T09:00, dr-b, 2026-01-09T09:00, 2026-01-10T08:00", // the ordinary one again, from
    // then
    "2026-01-10T08:00, dr-c, 2026-01-10T08:00, 2026-01-11T08:00", // and on as if never paused
  })
  void aHolidayRotaStandsInForTheOrdinaryOneFromItsFirstHandoverUntilTheDayAfterItsLast(
      String at, String person, String start, String end) {
    Shift s =
        new OnCallSchedule(List.of(ORDINARY, HOLIDAY), List.of())
            .at(OnCallRole.ONCALL_DOCTOR, local(at))
            .orElseThrow();
    assertThat(s.personId()).isEqualTo(person);
    assertThat(s.start()).isEqualTo(local(start));
    assertThat(s.end()).isEqualTo(local(end));
    assertThat(s.source()).isEqualTo(Shift.Source.ROTATION);
  }

  @Test
  void duringTheHolidayRotaTheNextShiftIsTheOrdinaryRotationsFromItsEnd() {
    OnCall onCall =
        new OnCallSchedule(List.of(ORDINARY, HOLIDAY), List.of())
            .whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-08T12:00"));
    assertThat(onCall.now().orElseThrow().personId()).isEqualTo("dr-x");
    assertThat(onCall.next().orElseThrow().personId()).isEqualTo("dr-b");
    assertThat(onCall.next().orElseThrow().start()).isEqualTo(local("2026-01-09T09:00"));
  }

  @Test
  void afterARotationEndsWithNothingBehindItNobodyIsOnCallUntilTheNextRotationStarts() {
    Rotation before = rotation(1, MONDAY, MONDAY.plusDays(1), 1, LocalTime.of(8, 0), "dr-a");
    Rotation after = rotation(2, MONDAY.plusDays(5), null, 1, LocalTime.of(8, 0), "dr-b");
    OnCallSchedule schedule = new OnCallSchedule(List.of(before, after), List.of());

    OnCall lastShift = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-06T12:00"));
    assertThat(lastShift.now().orElseThrow().end()).isEqualTo(local("2026-01-07T08:00"));
    assertThat(lastShift.next().orElseThrow().personId())
        .as("the next shift is the one after the gap, not none")
        .isEqualTo("dr-b");
    assertThat(lastShift.next().orElseThrow().start()).isEqualTo(local("2026-01-10T08:00"));

    OnCall inTheGap = schedule.whoIsOnCall(OnCallRole.ONCALL_DOCTOR, local("2026-01-07T08:00"));
    assertThat(inTheGap.now()).isEmpty();
    assertThat(inTheGap.next().orElseThrow().start()).isEqualTo(local("2026-01-10T08:00"));
  }

  @Test
  void aRotationCoversFromItsFirstHandoverUntilTheFirstHandoverAfterItsLastDay() {
    Instant start = local("2026-01-07T09:00");
    Instant end = local("2026-01-09T09:00");
    assertThat(HOLIDAY.start()).isEqualTo(start);
    assertThat(HOLIDAY.end()).contains(end);
    assertThat(HOLIDAY.covers(start.minusNanos(1))).isFalse();
    assertThat(HOLIDAY.covers(start)).isTrue();
    assertThat(HOLIDAY.covers(end.minusNanos(1))).isTrue();
    assertThat(HOLIDAY.covers(end)).isFalse();
    assertThat(ORDINARY.end()).isEmpty();
    assertThat(ORDINARY.covers(local("2099-01-01T00:00"))).isTrue();
  }

  @Test
  void aRotationHasEndedOnceItsEndHasComeAndANewLastDayIsValidatedAsOnCreation() {
    Instant end = local("2026-01-09T09:00");
    assertThat(HOLIDAY.endedBy(end.minusNanos(1))).isFalse();
    assertThat(HOLIDAY.endedBy(end)).isTrue();
    assertThat(ORDINARY.endedBy(local("2099-01-01T00:00"))).isFalse();

    Rotation stopped = ORDINARY.withLastDate(MONDAY.plusDays(1));
    assertThat(stopped.lastDate()).isEqualTo(MONDAY.plusDays(1));
    assertThat(stopped.end()).contains(local("2026-01-07T08:00"));
    assertThat(stopped.withLastDate(null).end()).isEmpty();
    assertThat(stopped.id()).isEqualTo(ORDINARY.id());
    assertThat(stopped.personIds()).isEqualTo(ORDINARY.personIds());
    assertThatThrownBy(() -> ORDINARY.withLastDate(MONDAY.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLaterFirstDayTakesPrecedenceAndOfTwoOnOneDayTheNewer() {
    Rotation sameDayNewer = rotation(5, MONDAY, null, 1, LocalTime.of(8, 0), "dr-b");
    assertThat(HOLIDAY.precedes(ORDINARY)).isTrue();
    assertThat(ORDINARY.precedes(HOLIDAY)).isFalse();
    assertThat(sameDayNewer.precedes(ORDINARY)).isTrue();
    assertThat(ORDINARY.precedes(sameDayNewer)).isFalse();
    assertThat(ORDINARY.precedes(ORDINARY)).isFalse();
  }

  @Test
  void aLastDayBeforeTheFirstIsRefusedAndOneOnTheFirstIsADaysRotation() {
    assertThatThrownBy(
            () -> rotation(9, MONDAY, MONDAY.minusDays(1), 1, LocalTime.of(8, 0), "dr-a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last day");
    Rotation oneDay = rotation(9, MONDAY, MONDAY, 1, LocalTime.of(8, 0), "dr-a");
    assertThat(oneDay.end()).contains(local("2026-01-06T08:00"));
  }
}
