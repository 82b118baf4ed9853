package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.rules.EwmaTrendRule;
import dk.telemonitoring.hub.triage.rules.WeightGainRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Heart-failure weight gain (ESC Heart Failure Association advice: more than 2 kg in 3 days, RED
 * with symptoms, YELLOW without) at its edges in weight (0.1 kg) and time, and the EWMA trend rule
 * per condition and direction (docs/clinical-reference.md "Personal baseline and trends").
 */
class WeightAndTrendBoundariesTest {

  private static final Instant THREE_DAYS_BEFORE = T0.minus(Duration.ofDays(3));

  @ParameterizedTest(name = "lowest 80.0 kg, now {0} kg, breathless {1} -> {2}")
  @CsvSource({
    // now,  breathless reported,  level
    "81.9, false, GREEN",
    "82.0, false, GREEN", // exactly 2 kg: not more than 2
    "82.1, false, YELLOW",
    "82.0, true,  GREEN",
    "82.1, true,  RED",
    "85.0, true,  RED",
  })
  void moreThanTwoKgInThreeDaysYellowAndRedWithBreathlessness(
      double now, boolean breathless, Level level) {
    List<Observation> h =
        new ArrayList<>(
            List.of(
                obs(MeasurementType.WEIGHT, 80.0, THREE_DAYS_BEFORE),
                obs(MeasurementType.WEIGHT, 81.0, T0.minus(Duration.ofDays(1)))));
    if (breathless) h.add(obs(MeasurementType.SYM_BREATHLESS, 1, T0.minus(Duration.ofDays(2))));
    Finding f = weight(Condition.HEART_FAILURE, now, h).orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.inputs())
        .containsEntry("lowestIn3Days", 80.0)
        .containsEntry("breathlessReported", breathless);
    assertThat(f.explanation().en())
        .endsWith(
            level == Level.GREEN
                ? "(80 kg)."
                : breathless
                    ? ", more than 2 kg, with more breathlessness reported."
                    : ", more than 2 kg, without reported symptoms.");
  }

  @ParameterizedTest(name = "lowest weight {0} s before the 3 days -> lowest counted {1}")
  @CsvSource({"0, 80.0, YELLOW", "1, 81.0, GREEN"})
  void theLowestWeightCountsFromExactlyThreeDaysBefore(
      long secondsEarlier, double lowest, Level level) {
    List<Observation> h =
        List.of(
            obs(MeasurementType.WEIGHT, 80.0, THREE_DAYS_BEFORE.minusSeconds(secondsEarlier)),
            obs(MeasurementType.WEIGHT, 81.0, T0.minus(Duration.ofDays(1))));
    Finding f = weight(Condition.HEART_FAILURE, 82.5, h).orElseThrow();
    assertThat(f.inputs()).containsEntry("lowestIn3Days", lowest);
    assertThat(f.level()).isEqualTo(level);
  }

  @ParameterizedTest(name = "breathless {0} reported {1} s before the 3 days -> {2}")
  @CsvSource({"1, 0, RED", "1, 1, YELLOW", "0, 0, YELLOW", "1, -86400, RED"})
  void breathlessnessCountsFromExactlyThreeDaysBefore(
      int answer, long secondsEarlier, Level level) {
    List<Observation> h =
        List.of(
            obs(MeasurementType.WEIGHT, 80.0, T0.minus(Duration.ofDays(2))),
            obs(
                MeasurementType.SYM_BREATHLESS,
                answer,
                THREE_DAYS_BEFORE.minusSeconds(secondsEarlier)));
    assertThat(weight(Condition.HEART_FAILURE, 82.1, h).orElseThrow().level()).isEqualTo(level);
  }

  @Test
  void breathlessnessInTheSameMessageCounts() {
    TriageInput in =
        new TriageInput(
            Fixtures.patient(Condition.HEART_FAILURE),
            List.of(
                obs(MeasurementType.WEIGHT, 82.5, T0), obs(MeasurementType.SYM_BREATHLESS, 1, T0)),
            List.of(obs(MeasurementType.WEIGHT, 80.0, T0.minus(Duration.ofDays(1)))),
            TriageConfig.full());
    assertThat(new WeightGainRule().evaluate(in))
        .singleElement()
        .extracting(Finding::level)
        .isEqualTo(Level.RED);
  }

  @Test
  void weightGainIsForHeartFailureWithAnEarlierWeightAndAUsableReading() {
    List<Observation> h = List.of(obs(MeasurementType.WEIGHT, 80.0, T0.minus(Duration.ofDays(1))));
    assertThat(weight(Condition.COPD, 85, h)).isEmpty();
    assertThat(weight(Condition.HEART_FAILURE, 85, List.of())).isEmpty();
    assertThat(
            weight(
                Condition.HEART_FAILURE,
                85,
                List.of(obs(MeasurementType.WEIGHT, 80.0, T0).withRef("scale/2"))))
        .as("a weight at the same instant is not an earlier one")
        .isEmpty();
    Observation poor =
        new Observation(
            MeasurementType.WEIGHT,
            85,
            T0,
            null,
            null,
            null,
            Set.of(Reading.FLAG_POOR_QUALITY),
            "scale/1");
    assertThat(
            new WeightGainRule()
                .evaluate(
                    new TriageInput(
                        Fixtures.patient(Condition.HEART_FAILURE),
                        List.of(poor),
                        h,
                        TriageConfig.full())))
        .isEmpty();
    List<Observation> poorHistory =
        List.of(
            new Observation(
                MeasurementType.WEIGHT,
                70,
                T0.minus(Duration.ofDays(1)),
                null,
                null,
                null,
                Set.of(Reading.FLAG_POOR_QUALITY),
                "scale/0"));
    assertThat(weight(Condition.HEART_FAILURE, 85, poorHistory)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}: stable {2}, then {3} on {4} days -> {5}")
  @CsvSource(
      nullValues = "none",
      value = {
        // condition,    code,        stable, drifted, days, level
        "HEART_FAILURE,  WEIGHT,      80,     82,      4,    YELLOW", // rising weight is adverse in
        // heart failure
        "HEART_FAILURE,  WEIGHT,      80,     78,      4,    GREEN",
        "COPD,           WEIGHT,      80,     82,      4,    none", // weight is not followed in
        // COPD
        "FIBROSIS,       WEIGHT,      80,     82,      4,    none",
        "COPD,           PULSE,       70,     85,      4,    YELLOW", // rising pulse
        "COPD,           PULSE,       70,     55,      4,    GREEN",
        "HEART_FAILURE,  PULSE,       70,     85,      4,    YELLOW",
        "COPD,           SPO2,        95,     92,      4,    YELLOW", // falling SpO2
        "COPD,           SPO2,        95,     98,      4,    GREEN",
        "FIBROSIS,       PEF,         400,    360,     4,    YELLOW", // falling PEF
        "FIBROSIS,       PEF,         400,    440,     4,    GREEN",
        "HEART_FAILURE,  TEMPERATURE, 36.8,   38.8,    4,    none",
        "HEART_FAILURE,  WEIGHT,      80,     82,      3,    YELLOW", // three measuring days in the
        // run
        "HEART_FAILURE,  WEIGHT,      80,     82,      2,    GREEN", // two are not enough
      })
  void theTrendRuleFollowsEachConditionsAdverseDirection(
      Condition c, MeasurementType code, double stable, double drifted, int days, Level level) {
    List<Observation> h = new ArrayList<>();
    for (int d = 15; d < 40; d++)
      h.add(obs(code, stable + (d % 2 == 0 ? 0.1 : -0.1), T0.minus(Duration.ofDays(d))));
    for (int d = days - 1; d > 0; d--) h.add(obs(code, drifted, T0.minus(Duration.ofDays(d))));
    List<Finding> f =
        new EwmaTrendRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(c), List.of(obs(code, drifted, T0)), h, TriageConfig.full()));
    if (level == null) {
      assertThat(f).isEmpty();
    } else {
      assertThat(f)
          .singleElement()
          .satisfies(
              x -> {
                assertThat(x.ruleId()).isEqualTo("trend.ewma." + code.code());
                assertThat(x.level()).as(x.inputs().toString()).isEqualTo(level);
                assertThat(x.inputs()).containsEntry("days", days);
                assertThat(x.repeatable()).isFalse();
              });
    }
  }

  @ParameterizedTest(name = "heart failure weight 79.9 kg baseline, four days at {0} kg -> {1}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "82, YELLOW, 81.5, 7.6, \"Weight is rising: its weighted 14-day average 81.5 kg has drifted from this patient's 25-day baseline of 79.9 kg by more than normal day-to-day variation.\", \"Vægt er stigende: det vægtede 14-dages gennemsnit 81,5 kg er drevet væk fra patientens 25-dages baseline på 79,9 kg mere end normal dag-til-dag-variation.\"",
        "78, GREEN, 78.46, -6.87, \"Weight shows no sustained trend (weighted average 78.5 kg).\", \"Vægt viser ingen vedvarende tendens (vægtet gennemsnit 78,5 kg).\"",
      })
  void theTrendFindingRecordsItsWeightedAverageAndSaysWhichWayItMoved(
      double drifted, Level level, double ewma, double z, String en, String da) {
    List<Observation> h = new ArrayList<>();
    for (int d = 15; d < 40; d++) {
      h.add(
          obs(
              MeasurementType.WEIGHT,
              80 + (d % 2 == 0 ? 0.1 : -0.1),
              T0.minus(Duration.ofDays(d))));
    }
    for (int d = 3; d > 0; d--)
      h.add(obs(MeasurementType.WEIGHT, drifted, T0.minus(Duration.ofDays(d))));
    Finding f =
        new EwmaTrendRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(Condition.HEART_FAILURE),
                    List.of(obs(MeasurementType.WEIGHT, drifted, T0)),
                    h,
                    TriageConfig.full()))
            .get(0);
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.inputs())
        .containsEntry("ewma", ewma)
        .containsEntry("z", z)
        .containsEntry("lambda", 0.3)
        .containsEntry("baselineMedian", 79.9)
        .containsEntry("sigma", 0.5)
        .containsEntry("days", 4);
    assertThat(f.explanation().en()).isEqualTo(en);
    assertThat(f.explanation().da()).isEqualTo(da);
  }

  @Test
  void theWeightGainIsWordedInDanishWithItsCause() {
    List<Observation> h =
        List.of(
            obs(MeasurementType.WEIGHT, 80.0, T0.minus(Duration.ofDays(2))),
            obs(MeasurementType.SYM_BREATHLESS, 1, T0.minus(Duration.ofDays(1))));
    assertThat(weight(Condition.HEART_FAILURE, 82.5, h).orElseThrow().explanation().da())
        .isEqualTo(
            "Vægt 82,5 kg er 2,5 kg over den laveste vægt de sidste 3 dage (80 kg), mere end 2 kg, og patienten melder mere åndenød.");
    assertThat(
            weight(Condition.HEART_FAILURE, 82.5, h.subList(0, 1)).orElseThrow().explanation().da())
        .isEqualTo(
            "Vægt 82,5 kg er 2,5 kg over den laveste vægt de sidste 3 dage (80 kg), mere end 2 kg, uden meldte symptomer.");
    assertThat(weight(Condition.HEART_FAILURE, 81.0, h).orElseThrow().explanation().da())
        .isEqualTo("Vægt 81 kg er 1 kg over den laveste vægt de sidste 3 dage (80 kg).");
  }

  private static Optional<Finding> weight(Condition c, double now, List<Observation> history) {
    return new WeightGainRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(c),
                    List.of(obs(MeasurementType.WEIGHT, now, T0)),
                    history,
                    TriageConfig.full()))
            .stream()
            .findFirst();
  }
}
