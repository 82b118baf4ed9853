package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the screens group and pair before they show it: the open queue by patient ({@link
 * PatientAlerts#byPatient}), the worst patient first and of two alike the nearest deadline, and a
 * closed alert's outstanding advice with its alert ({@link AdviceOnClosedAlert#pair}).
 */
class BoardGroupingTest {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final UUID INGE = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID OLE = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final UUID KAREN = UUID.fromString("00000000-0000-0000-0000-000000000003");

  private static QueueEntry entry(UUID patient, String clinic, Level level, int deadlineMinutes) {
    Alert a =
        AlertValuesTest.alert(NOW.plusSeconds(60L * deadlineMinutes), null, false).toBuilder()
            .id(UUID.randomUUID())
            .patientId(patient)
            .clinicId(clinic)
            .level(level)
            .build();
    return QueueEntry.of(a, NOW);
  }

  @Test
  void eachPatientOnceWithTheWorstLevelAndNearestDeadlineTheWorstPatientFirst() {
    QueueEntry ingeYellow = entry(INGE, "vios", Level.YELLOW, 30);
    QueueEntry oleRed = entry(OLE, "vios", Level.RED, 20);
    QueueEntry ingeRed = entry(INGE, "vios", Level.RED, 40);
    QueueEntry karenRed = entry(KAREN, "vios-nord", Level.RED, 10);
    QueueEntry karenGreen = entry(KAREN, "vios-nord", Level.GREEN, 5);

    List<PatientAlerts> board =
        PatientAlerts.byPatient(List.of(ingeYellow, oleRed, ingeRed, karenRed, karenGreen));

    assertThat(board).extracting(PatientAlerts::patientId).containsExactly(KAREN, OLE, INGE);
    PatientAlerts karen = board.get(0);
    assertThat(karen.clinicId()).isEqualTo("vios-nord");
    assertThat(karen.worstLevel()).isEqualTo(Level.RED);
    assertThat(karen.earliestDeadline()).isEqualTo(NOW.plusSeconds(300));
    assertThat(karen.alerts()).containsExactly(karenRed, karenGreen);
    PatientAlerts inge = board.get(2);
    assertThat(inge.worstLevel()).as("the worst of her alerts, not the first").isEqualTo(Level.RED);
    assertThat(inge.earliestDeadline()).isEqualTo(NOW.plusSeconds(1800));
    assertThat(inge.alerts()).containsExactly(ingeYellow, ingeRed);
  }

  @Test
  void aWorseLevelComesBeforeANearerDeadline() {
    QueueEntry yellowSoon = entry(INGE, "vios", Level.YELLOW, 1);
    QueueEntry redLater = entry(OLE, "vios", Level.RED, 60);
    assertThat(PatientAlerts.byPatient(List.of(yellowSoon, redLater)))
        .extracting(PatientAlerts::patientId)
        .containsExactly(OLE, INGE);
    assertThat(PatientAlerts.byPatient(List.of())).isEmpty();
  }

  @Test
  void adviceIsPairedWithItsAlertInTheAdvicesOrderAndAdviceWithoutOneIsLeftOut() {
    Alert first = entry(INGE, "vios", Level.RED, 10).alert();
    Alert second = entry(OLE, "vios", Level.RED, 10).alert();
    Advice onSecond = advice(1, second.id());
    Advice onFirst = advice(2, first.id());
    Advice onUnknown = advice(3, UUID.randomUUID());

    List<AdviceOnClosedAlert> paired =
        AdviceOnClosedAlert.pair(List.of(onSecond, onUnknown, onFirst), List.of(first, second));

    assertThat(paired)
        .containsExactly(
            new AdviceOnClosedAlert(onSecond, second), new AdviceOnClosedAlert(onFirst, first));
  }

  private static Advice advice(long id, UUID alertId) {
    return new Advice(
        id,
        alertId,
        NOW,
        "dr-1",
        "Dr. Berg",
        AdviceInstruction.START_RESCUE_PACK,
        "prednisolon",
        null,
        null);
  }
}
