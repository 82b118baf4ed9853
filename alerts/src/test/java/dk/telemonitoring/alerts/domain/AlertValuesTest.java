package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small value types that decide what a queue shows and whom a page goes to, as tables. */
class AlertValuesTest {

  private static final Instant OPENED = Instant.parse("2026-03-02T08:00:00Z");

  static Alert alert(Instant deadline, Instant snoozedUntil, boolean untilClear) {
    return new Alert(
        UUID.fromString("00000000-0000-0000-0000-00000000000a"),
        "vios",
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        "limit.spo2",
        AlertKind.READING,
        Level.RED,
        AlertState.OPEN,
        "SpO2 87%",
        "SpO2 87%",
        "dev/1",
        OPENED,
        OPENED,
        OPENED,
        deadline,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        snoozedUntil,
        untilClear,
        null);
  }

  /**
   * Handed to the doctor: escalated, at the first escalation's time however often it is escalated.
   */
  @Test
  void escalatingKeepsTheFirstEscalationsTime() {
    Instant first = OPENED.plusSeconds(600);
    Alert once = alert(OPENED.plusSeconds(3600), null, false).escalated(first, null);
    assertThat(once.state()).isEqualTo(AlertState.ESCALATED);
    assertThat(once.escalatedAt()).isEqualTo(first);
    Alert again =
        once.toBuilder()
            .state(AlertState.ACKNOWLEDGED)
            .build()
            .escalated(first.plusSeconds(900), null);
    assertThat(again.state()).isEqualTo(AlertState.ESCALATED);
    assertThat(again.escalatedAt()).isEqualTo(first);
    Alert resolved = once.toBuilder().state(AlertState.RESOLVED).build();
    assertThatThrownBy(() -> resolved.escalated(first, "nurse-1"))
        .isInstanceOf(IllegalTransitionException.class);
  }

  /**
   * Whose hand-over an escalated alert is in: the person who sent it to the doctor, through the
   * plan's later pages; the plan escalating an alert nobody sent clears an earlier hand-over.
   */
  @Test
  void escalatedByNamesThePersonWhoseHandOverItIsIn() {
    Instant at = OPENED.plusSeconds(600);
    Alert open = alert(OPENED.plusSeconds(3600), null, false);
    assertThat(open.escalated(at, null).escalatedBy()).isNull();
    Alert sent = open.escalated(at, "nurse-1");
    assertThat(sent.escalatedBy()).isEqualTo("nurse-1");
    assertThat(sent.escalated(at.plusSeconds(300), null).escalatedBy()).isEqualTo("nurse-1");
    assertThat(sent.escalated(at.plusSeconds(300), "nurse-2").escalatedBy()).isEqualTo("nurse-2");
    Alert acknowledgedSinceThen = sent.toBuilder().state(AlertState.ACKNOWLEDGED).build();
    assertThat(acknowledgedSinceThen.escalated(at.plusSeconds(900), null).escalatedBy()).isNull();
    Alert openAgain = sent.toBuilder().state(AlertState.OPEN).build();
    assertThat(openAgain.escalated(at.plusSeconds(900), null).escalatedBy()).isNull();
  }

  @ParameterizedTest(name = "snoozed until {0} (until clear {1}) at {2}: snoozed {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-,                    false, 2026-03-02T09:00:00Z, false",
        "-,                    true,  2026-03-02T09:00:00Z, true",
        "2026-03-02T09:00:01Z, false, 2026-03-02T09:00:00Z, true",
        "2026-03-02T09:00:00Z, false, 2026-03-02T09:00:00Z, false", // the snooze has just ended
        "2026-03-02T08:59:59Z, false, 2026-03-02T09:00:00Z, false",
      })
  void aSnoozeLastsUntilItsEndOrUntilTheConditionClears(
      Instant until, boolean untilClear, Instant now, boolean snoozed) {
    assertThat(alert(OPENED.plus(Duration.ofHours(1)), until, untilClear).isSnoozed(now))
        .isEqualTo(snoozed);
  }

  @ParameterizedTest(name = "deadline {0}, now {1}: waiting {2} s, left {3} s, overdue {4}")
  @CsvSource({
    "2026-03-02T09:00:00Z, 2026-03-02T08:30:00Z, 1800, 1800,  false",
    "2026-03-02T09:00:00Z, 2026-03-02T09:00:00Z, 3600, 0,     false", // at the deadline, not yet
    // overdue
    "2026-03-02T09:00:00Z, 2026-03-02T09:00:01Z, 3601, -1,    true",
  })
  void theQueueShowsWaitingTimeTimeLeftAndOverdue(
      Instant deadline, Instant now, long waiting, long left, boolean overdue) {
    Alert a = alert(deadline, null, false);
    assertThat(a.timeToDeadline(now)).isEqualTo(Duration.ofSeconds(left));
    QueueEntry e = QueueEntry.of(a, now);
    assertThat(e.alert()).isSameAs(a);
    assertThat(e.waiting()).isEqualTo(Duration.ofSeconds(waiting));
    assertThat(e.untilDeadline()).isEqualTo(Duration.ofSeconds(left));
    assertThat(e.overdue()).isEqualTo(overdue);
    assertThat(e.snoozed()).isFalse();
    assertThat(QueueEntry.of(alert(deadline, null, true), now).snoozed()).isTrue();
  }

  @Test
  void aBuilderCopyChangesExactlyTheFieldsSetOnIt() {
    Alert a = alert(OPENED.plusSeconds(3600), null, false);
    Instant t = OPENED.plusSeconds(60);
    UUID id = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    UUID patient = UUID.fromString("00000000-0000-0000-0000-000000000002");
    Alert b =
        a.toBuilder()
            .id(id)
            .clinicId("other")
            .patientId(patient)
            .ruleId("news2.aggregate")
            .kind(AlertKind.CONTACT_REQUEST)
            .level(Level.CRITICAL)
            .state(AlertState.ESCALATED)
            .explanation("en")
            .explanationDa("da")
            .readingRef("dev/2")
            .firstMeasuredAt(t.plusSeconds(1))
            .lastMeasuredAt(t.plusSeconds(2))
            .openedAt(t.plusSeconds(3))
            .responseDeadline(t.plusSeconds(4))
            .acknowledgedAt(t.plusSeconds(5))
            .acknowledgedBy("nurse-1")
            .escalatedAt(t.plusSeconds(6))
            .escalatedBy("nurse-2")
            .resolvedAt(t.plusSeconds(7))
            .resolvedBy("dr-a")
            .outcome(CareOutcome.HOSPITAL_ADMISSION)
            .dischargedOn(LocalDate.of(2026, 3, 9))
            .snoozedUntil(t.plusSeconds(8))
            .snoozedUntilClear(true)
            .conditionClearedAt(t.plusSeconds(9))
            .build();
    assertThat(b)
        .isEqualTo(
            new Alert(
                id,
                "other",
                patient,
                "news2.aggregate",
                AlertKind.CONTACT_REQUEST,
                Level.CRITICAL,
                AlertState.ESCALATED,
                "en",
                "da",
                "dev/2",
                t.plusSeconds(1),
                t.plusSeconds(2),
                t.plusSeconds(3),
                t.plusSeconds(4),
                t.plusSeconds(5),
                "nurse-1",
                t.plusSeconds(6),
                "nurse-2",
                t.plusSeconds(7),
                "dr-a",
                CareOutcome.HOSPITAL_ADMISSION,
                LocalDate.of(2026, 3, 9),
                t.plusSeconds(8),
                true,
                t.plusSeconds(9)));
    assertThat(a.toBuilder().build()).isEqualTo(a);
  }

  @ParameterizedTest(name = "{0}: open {1}, unacknowledged {2}")
  @CsvSource({
    "OPEN, true, true",
    "ACKNOWLEDGED, true, false",
    "ESCALATED, true, true",
    "RESOLVED, false, false"
  })
  void whichStatesCountAsOpenAndWhichStillEscalate(
      AlertState state, boolean open, boolean unacknowledged) {
    assertThat(state.isOpen()).isEqualTo(open);
    assertThat(state.isUnacknowledged()).isEqualTo(unacknowledged);
  }

  @ParameterizedTest(name = "{0}: acute contact {1}, admission {2}")
  @CsvSource({
    "NO_ACTION_NEEDED, false, false",
    "ADVICE_BY_PHONE, false, false",
    "TREATMENT_STARTED_VIRTUALLY, false, false",
    "ACUTE_HOME_VISIT, true, false",
    "MUNICIPAL_ACUTE_BED, true, true",
    "HOSPITAL_ADMISSION, true, true"
  })
  void careLadderRungsThatCountAsAcuteContactsAndAdmissions(
      CareOutcome o, boolean acute, boolean admission) {
    assertThat(o.isAcuteContact()).isEqualTo(acute);
    assertThat(o.isAdmission()).isEqualTo(admission);
  }

  @ParameterizedTest(name = "{0}: abnormal {1}")
  @CsvSource({"GREEN, false", "YELLOW, true", "RED, true", "CRITICAL, true"})
  void everyLevelButGreenIsAbnormal(Level level, boolean abnormal) {
    assertThat(level.abnormal()).isEqualTo(abnormal);
  }

  @Test
  void theLevelsAreDeclaredInOrderOfUrgency() {
    // The stored level rank and every comparison use the ordinal.
    assertThat(Level.values())
        .containsExactly(Level.GREEN, Level.YELLOW, Level.RED, Level.CRITICAL);
  }

  @ParameterizedTest(name = "{0} vs {1}: worse {2}, at least {3}, max {4}")
  @CsvSource({
    "GREEN, GREEN, false, true, GREEN",
    "YELLOW, GREEN, true, true, YELLOW",
    "GREEN, YELLOW, false, false, YELLOW",
    "RED, RED, false, true, RED",
    "RED, CRITICAL, false, false, CRITICAL",
    "CRITICAL, RED, true, true, CRITICAL"
  })
  void levelsCompareByUrgency(Level a, Level b, boolean worse, boolean atLeast, Level max) {
    assertThat(a.isWorseThan(b)).isEqualTo(worse);
    assertThat(a.isAtLeast(b)).isEqualTo(atLeast);
    assertThat(Level.max(a, b)).isEqualTo(max);
    assertThat(Level.max(b, a)).isEqualTo(max);
  }

  @ParameterizedTest(name = "{0} pushes a live update: {1}")
  @CsvSource({
    "OPENED, true",
    "RAISED, true",
    "UPDATED, false",
    "CLEARED, true",
    "AUTO_RESOLVED, true",
    "NONE, false"
  })
  void whichChangesAreWorthALiveUpdate(AlertChange.Kind kind, boolean changed) {
    assertThat(new AlertChange(kind, null, null, Level.RED, AlertState.OPEN).changed())
        .isEqualTo(changed);
  }

  @ParameterizedTest(name = "{0}: role {1}, doctor {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "NURSE_ON_DUTY, NURSE_ON_DUTY, false",
        "ONCALL_DOCTOR, ONCALL_DOCTOR, true",
        "BACKUP_DOCTOR, BACKUP_DOCTOR, true",
        "ACKNOWLEDGER, -, false"
      })
  void recipientsResolveToOnCallRoles(Recipient r, OnCallRole role, boolean doctor) {
    assertThat(r.role().orElse(null)).isEqualTo(role);
    assertThat(r.isDoctor()).isEqualTo(doctor);
  }

  @Test
  void namedPeopleSortByIdAndArePagedAsDoctorOrPerson() {
    NamedPerson a = new NamedPerson("a", true);
    NamedPerson b = new NamedPerson("b", false);
    assertThat(a.compareTo(b)).isNegative();
    assertThat(b.compareTo(a)).isPositive();
    assertThat(a.pagedAs()).isEqualTo("NAMED_DOCTOR");
    assertThat(b.pagedAs()).isEqualTo("NAMED_PERSON");
    assertThatThrownBy(() -> new NamedPerson(null, true)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "{1} on {0} is refused: {2}")
  @CsvSource({
    "OPEN,         OPEN,        'cannot open an alert that is open: an existing alert is raised or reopened, never opened again'",
    "RESOLVED,     RAISE,       'cannot raise an alert that is resolved: it is resolved; reopen it first'",
    "ACKNOWLEDGED, ACKNOWLEDGE, 'cannot acknowledge an alert that is acknowledged: it is already acknowledged'",
    "OPEN,         REOPEN,      'cannot reopen an alert that is open: it is not resolved'",
    "ESCALATED,    SNOOZE,      'cannot snooze an alert that is escalated: allowed from escalated: [RAISE, ACKNOWLEDGE, ESCALATE, RESOLVE, CLEAR, NOTE, ADVISE]'",
  })
  void refusedTransitionsSayWhyAndCarryStateAndAction(
      AlertState from, AlertAction action, String message) {
    assertThat(AlertStateMachine.isLegal(from, action)).isFalse();
    assertThatThrownBy(() -> AlertStateMachine.next(from, action))
        .isInstanceOfSatisfying(
            IllegalTransitionException.class,
            e -> {
              assertThat(e).hasMessage(message);
              assertThat(e.state()).isEqualTo(from);
              assertThat(e.action()).isEqualTo(action);
            });
  }

  @Test
  void aFindingIsLiveUntilClearedAndKeepsACopyOfItsInputs() {
    java.util.Map<String, Object> inputs = new java.util.HashMap<>(java.util.Map.of("value", 87.0));
    AlertFinding live =
        new AlertFinding(
            null, "limit.spo2", Level.RED, "en", "da", inputs, OPENED, OPENED, "dev/1", null);
    inputs.put("value", 99.0);
    assertThat(live.inputs()).containsExactly(java.util.Map.entry("value", 87.0));
    assertThat(live.live()).isTrue();
    AlertFinding cleared =
        new AlertFinding(
            null,
            "limit.spo2",
            Level.RED,
            "en",
            "da",
            null,
            OPENED,
            OPENED,
            "dev/1",
            OPENED.plusSeconds(60));
    assertThat(cleared.live()).isFalse();
    assertThat(cleared.inputs()).isEmpty();
  }

  @Test
  void aSignalWithoutInputsCarriesAnEmptyMap() {
    UUID patient = UUID.fromString("00000000-0000-0000-0000-000000000001");
    assertThat(
            new AlertSignal("vios", patient, "limit.spo2", Level.RED, "en", "da", OPENED, "dev/1")
                .inputs())
        .isEmpty();
    assertThat(
            new AlertSignal(
                    "vios", patient, "limit.spo2", Level.RED, "en", "da", OPENED, "dev/1", null)
                .inputs())
        .isEmpty();
    assertThat(
            new AlertSignal(
                    "vios",
                    patient,
                    "limit.spo2",
                    Level.RED,
                    "en",
                    "da",
                    OPENED,
                    "dev/1",
                    java.util.Map.of("value", 87.0))
                .inputs())
        .containsEntry("value", 87.0);
  }

  @Test
  void legalTransitionsAreReportedLegal() {
    assertThat(AlertStateMachine.isLegal(AlertState.OPEN, AlertAction.ACKNOWLEDGE)).isTrue();
    assertThat(AlertStateMachine.isLegal(AlertState.RESOLVED, AlertAction.REOPEN)).isTrue();
  }
}
