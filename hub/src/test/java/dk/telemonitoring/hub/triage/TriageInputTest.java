package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every rule reads of a message and the patient's series: times, order, what is left out. */
class TriageInputTest {

  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);

  private static Observation reading(MeasurementType type, double value, Instant at, String ref) {
    return Observation.of(type, value, at).withRef(ref);
  }

  /** A message whose values were measured a little apart: SpO2 at T0, pulse two minutes later. */
  private static final List<Observation> MESSAGE =
      List.of(
          reading(MeasurementType.PULSE, 80, T2, "ox/m3"),
          reading(MeasurementType.SPO2, 93, T0, "ox/m3"));

  private static TriageInput input(List<Observation> history) {
    return new TriageInput(Fixtures.patient(Condition.COPD), MESSAGE, history, TriageConfig.full());
  }

  @Test
  void theMessageIsAtItsLatestValue() {
    assertThat(input(List.of()).at()).isEqualTo(T2);
  }

  @Test
  void historyIsByMeasurementTimeUpToTheMessageWithoutTheMessagesOwnStoredValues() {
    Observation later = reading(MeasurementType.SPO2, 90, T2.plusSeconds(1), "ox/m4");
    Observation between = reading(MeasurementType.SPO2, 94, T1, "ox/m2");
    Observation before = reading(MeasurementType.SPO2, 95, T0.minusSeconds(3600), "ox/m1");
    Observation ownStoredSpo2 = reading(MeasurementType.SPO2, 93, T0, "ox/m3");
    Observation otherTypeSameMessage = reading(MeasurementType.RESP_RATE, 18, T0, "ox/m3");
    Observation withoutRef = Observation.of(MeasurementType.PULSE, 70, T1);

    TriageInput in =
        input(List.of(later, between, ownStoredSpo2, withoutRef, before, otherTypeSameMessage));

    assertThat(in.history()).containsExactly(before, otherTypeSameMessage, between, withoutRef);
  }

  @Test
  void allInterleavesTheMessageWithTheHistoryByTime() {
    Observation between = reading(MeasurementType.SPO2, 94, T1, "ox/m2");
    Observation before = reading(MeasurementType.SPO2, 95, T0.minusSeconds(3600), "ox/m1");

    assertThat(input(List.of(between, before)).all())
        .containsExactly(before, MESSAGE.get(1), between, MESSAGE.get(0));
  }

  @Test
  void theViewsSinceATimeHoldExactlyTheReadingsMeasuredAtOrAfterIt() {
    Observation old = reading(MeasurementType.SPO2, 95, T0.minusSeconds(7200), "ox/m0");
    Observation before = reading(MeasurementType.SPO2, 95, T0.minusSeconds(3600), "ox/m1");
    Observation between = reading(MeasurementType.SPO2, 94, T1, "ox/m2");
    TriageInput in = input(List.of(between, before, old));

    assertThat(in.historySince(T0.minusSeconds(3600))).containsExactly(before, between);
    assertThat(in.historySince(T0.minusSeconds(3599))).containsExactly(between);
    assertThat(in.historySince(T2)).isEmpty();
    assertThat(in.historySince(Instant.EPOCH)).containsExactly(old, before, between);
    assertThat(in.allSince(T1)).containsExactly(between, MESSAGE.get(0));
    assertThat(in.allSince(T1.plusMillis(1))).containsExactly(MESSAGE.get(0));
    assertThat(in.allSince(T2.plusMillis(1))).isEmpty();
  }
}
