package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which measurement a board row's sparkline draws, from the findings of the patient's open alert.
 */
class WorstParameterTest {

  private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");

  @Test
  void theWorstLiveFindingsMeasurementWinsAndAClearedFindingDoesNotCount() {
    assertThat(
            WorstParameter.of(
                List.of(
                    live("limit.pulse", Level.YELLOW, Map.of("code", "pulse", "value", 112)),
                    live("limit.spo2", Level.RED, Map.of("code", "spo2", "value", 87)),
                    cleared("limit.temperature", Level.CRITICAL, Map.of("code", "temperature")))))
        .contains(MeasurementType.SPO2);
  }

  @Test
  void aMeasurementInTheRuleIdNamesIt() {
    assertThat(WorstParameter.of(List.of(live("baseline.pulse-rise", Level.YELLOW, Map.of()))))
        .contains(MeasurementType.PULSE);
    assertThat(WorstParameter.of(List.of(live("hf.weight-gain", Level.RED, Map.of()))))
        .contains(MeasurementType.WEIGHT);
    assertThat(WorstParameter.of(List.of(live("spiro.best.fev1", Level.RED, Map.of()))))
        .contains(MeasurementType.FEV1);
  }

  @Test
  void news2DrawsTheParameterWithMostPointsElseSpo2() {
    assertThat(
            WorstParameter.of(
                List.of(
                    live(
                        "news2.aggregate",
                        Level.RED,
                        Map.of(
                            "total", 6, "points", Map.of("spo2", 1, "resp_rate", 3, "pulse", 2))))))
        .contains(MeasurementType.RESP_RATE);
    assertThat(
            WorstParameter.of(
                List.of(
                    live(
                        "news2.single-parameter",
                        Level.RED,
                        Map.of("pulse", 3, "label", "NEWS2 3")))))
        .contains(MeasurementType.PULSE);
    assertThat(
            WorstParameter.of(
                List.of(
                    live(
                        "news2.aggregate",
                        Level.YELLOW,
                        Map.of("points", Map.of("spo2", 2, "temperature", 2))))))
        .as("a tie goes to the chart's order")
        .contains(MeasurementType.SPO2);
    assertThat(
            WorstParameter.of(List.of(live("news2.aggregate", Level.YELLOW, Map.of("total", 5)))))
        .contains(MeasurementType.SPO2);
  }

  @Test
  void aCallMeRequestOrAQuestionnaireDrawsNothingButGivesWayToAMeasurement() {
    AlertFinding callMe =
        live("contact.request", Level.YELLOW, Map.of("reason", "worse", "text", "ring"));
    assertThat(WorstParameter.of(List.of(callMe))).isEqualTo(Optional.empty());
    assertThat(
            WorstParameter.of(
                List.of(
                    live("cat.rise", Level.YELLOW, Map.of("cat", 30)),
                    live("symptoms", Level.YELLOW, Map.of("breathless", true)))))
        .isEmpty();
    assertThat(
            WorstParameter.of(
                List.of(callMe, live("limit.spo2", Level.GREEN, Map.of("code", "spo2")))))
        .contains(MeasurementType.SPO2);
  }

  private static AlertFinding live(String rule, Level level, Map<String, Object> inputs) {
    return new AlertFinding(null, rule, level, "", "", inputs, AT, AT, null, null);
  }

  private static AlertFinding cleared(String rule, Level level, Map<String, Object> inputs) {
    return new AlertFinding(null, rule, level, "", "", inputs, AT, AT, null, AT);
  }
}
