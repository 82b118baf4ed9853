package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.rules.ParameterLimitRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How {@link ParameterLimitRule} reports a limit: the level, whether a repeat may be asked, the
 * threshold named in the sentence (the patient's authored limit with its author and reason, or the
 * group default in the reader's words), nothing for a measurement with neither limit nor floor or
 * an unusable one, and the fixed-limits arm on the group default (docs/clinical-reference.md
 * "Per-patient limits").
 */
class ParameterLimitFindingTest {

  @ParameterizedTest(name = "COPD pulse {0}: {1}, repeatable {2}, threshold {3}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        // value, level,   repeatable, sentence
        "46,  GREEN,    true,  \"Pulse 46 /min is within this patient's limits.\"",
        "45,  YELLOW,   true,  \"Pulse 45 /min is at or below the COPD group default for YELLOW of 45 /min.\"",
        "40,  RED,      true,  \"Pulse 40 /min is at or below the COPD group default for RED of 40 /min.\"",
        "35,  CRITICAL, false, \"Pulse 35 /min is at or below the COPD group default for CRITICAL of 35 /min.\"",
        "111, YELLOW,   true,  \"Pulse 111 /min is at or above the COPD group default for YELLOW of 111 /min.\"",
        "131, RED,      true,  \"Pulse 131 /min is at or above the COPD group default for RED of 131 /min.\"",
        "150, CRITICAL, false, \"Pulse 150 /min is at or above the COPD group default for CRITICAL of 150 /min.\"",
      })
  void theLimitFindingNamesTheThresholdItCrossedAndOnlyCriticalIsNeverRepeated(
      double pulse, Level level, boolean repeatable, String sentence) {
    Finding f =
        new ParameterLimitRule()
            .evaluate(
                CriticalFloorBoundariesTest.input(
                    Fixtures.patient(Condition.COPD), obs(MeasurementType.PULSE, pulse, T0)))
            .get(0);
    assertThat(f.ruleId()).isEqualTo("limit.pulse");
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.repeatable()).isEqualTo(repeatable);
    assertThat(f.explanation().en()).isEqualTo(sentence);
    assertThat(f.explanation().da())
        .contains(
            level == Level.GREEN
                ? "er inden for patientens grænser"
                : (pulse < 100 ? "på eller under" : "på eller over") + " grænsen for ")
        .endsWith(level == Level.GREEN ? "." : " (standard ved KOL).");
    assertThat(f.inputs())
        .containsEntry("value", pulse)
        .containsEntry("criticalLow", 35.0)
        .containsEntry("criticalHigh", 150.0)
        .containsEntry("groupDefault", true)
        .containsEntry("redLow", 40.0)
        .containsEntry("yellowLow", 45.0)
        .containsEntry("yellowHigh", 111.0)
        .containsEntry("redHigh", 131.0);
  }

  @ParameterizedTest(name = "SpO2 limit {0}: SpO2 {1}% -> {2} ''{3}''")
  @CsvSource({
    "low only,   90, YELLOW, 'SpO2 90 % er på eller under patientens grænse for GUL på 90 % (sat af dr-berg: habitual 91).'",
    "low only,   88, RED,    'SpO2 88 % er på eller under patientens grænse for RØD på 88 % (sat af dr-berg: habitual 91).'",
  })
  void anAuthoredLimitIsNamedWithItsAuthorAndReasonInDanish(
      String shape, double spo2, Level level, String da) {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withLimit(
                new PatientLimit(
                    "spo2",
                    85.0,
                    88.0,
                    90.0,
                    null,
                    null,
                    null,
                    "dr-berg",
                    "habitual 91",
                    T0,
                    T0.plus(Duration.ofDays(90)),
                    false));
    Finding f =
        new ParameterLimitRule()
            .evaluate(CriticalFloorBoundariesTest.input(p, obs(MeasurementType.SPO2, spo2, T0)))
            .get(0);
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.explanation().da()).isEqualTo(da);
    assertThat(f.inputs()).containsEntry("author", "dr-berg").containsEntry("groupDefault", false);
  }

  /** A group default names the patient's programme in words, never by its stored code. */
  @ParameterizedTest
  @CsvSource({
    "COPD,          the COPD group default,                            standard ved KOL",
    "FIBROSIS,      the pulmonary fibrosis group default,              standard ved lungefibrose",
    "AATD,          the alpha-1 antitrypsin deficiency group default, standard ved alfa-1-antitrypsinmangel",
    "HEART_FAILURE, the heart failure group default,                   standard ved hjertesvigt"
  })
  void aGroupDefaultIsNamedInTheReadersWords(Condition condition, String en, String da) {
    Finding f =
        new ParameterLimitRule()
            .evaluate(
                CriticalFloorBoundariesTest.input(
                    Fixtures.patient(condition), obs(MeasurementType.TEMPERATURE, 39.1, T0)))
            .get(0);
    assertThat(f.level()).isEqualTo(Level.RED);
    assertThat(f.explanation().en()).contains(" " + en + " for RED ");
    assertThat(f.explanation().da())
        .contains(" over grænsen for RØD på 39,1 °C")
        .endsWith(" (" + da + ").");
  }

  @Test
  void aHighOnlyLimitCrossedFromBelowIsWordedAsAbove() {
    // temperature: CRITICAL low 34 and RED low 35 exist, but 39.1 crosses the RED high
    Finding f =
        new ParameterLimitRule()
            .evaluate(
                CriticalFloorBoundariesTest.input(
                    Fixtures.patient(Condition.AATD), obs(MeasurementType.TEMPERATURE, 39.1, T0)))
            .get(0);
    assertThat(f.level()).isEqualTo(Level.RED);
    assertThat(f.explanation().en())
        .isEqualTo(
            "Temperature 39.1 °C is at or above the alpha-1 antitrypsin deficiency group default for RED of 39.1 °C.");
    PatientContext highOnly =
        Fixtures.patient(Condition.HEART_FAILURE)
            .withLimit(
                new PatientLimit(
                    "weight",
                    null,
                    null,
                    null,
                    90.0,
                    95.0,
                    null,
                    "dr-berg",
                    "dry weight 85",
                    T0,
                    null,
                    false));
    Finding w =
        new ParameterLimitRule()
            .evaluate(
                CriticalFloorBoundariesTest.input(highOnly, obs(MeasurementType.WEIGHT, 95, T0)))
            .get(0);
    assertThat(w.explanation().en())
        .isEqualTo(
            "Weight 95 kg is at or above this patient's limit for RED of 95 kg"
                + " (set by dr-berg: dry weight 85).");
  }

  @Test
  void aMeasurementWithNeitherLimitNorFloorGivesNoFindingAndAnUnusableOneIsSkipped() {
    ParameterLimitRule rule = new ParameterLimitRule();
    assertThat(
            rule.evaluate(
                CriticalFloorBoundariesTest.input(
                    Fixtures.patient(Condition.COPD), obs(MeasurementType.WEIGHT, 80, T0))))
        .isEmpty();
    Observation poor =
        new Observation(
            MeasurementType.SPO2,
            70,
            T0,
            false,
            null,
            null,
            Set.of(Reading.FLAG_POOR_QUALITY),
            "dev/1");
    assertThat(
            rule.evaluate(
                CriticalFloorBoundariesTest.input(Fixtures.patient(Condition.COPD), poor)))
        .isEmpty();
  }

  @Test
  void theFixedLimitsArmUsesTheGroupDefaultEvenWhenThePatientHasAnAuthoredLimit() {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withLimit(
                new PatientLimit(
                    "spo2",
                    85.0,
                    86.0,
                    87.0,
                    null,
                    null,
                    null,
                    "dr-berg",
                    "habitual 88",
                    T0,
                    T0.plus(Duration.ofDays(90)),
                    false));
    Observation spo2 = obs(MeasurementType.SPO2, 88, T0);
    assertThat(
            new ParameterLimitRule()
                .evaluate(new TriageInput(p, List.of(spo2), List.of(), TriageConfig.full()))
                .get(0)
                .level())
        .isEqualTo(Level.GREEN);
    assertThat(
            new ParameterLimitRule()
                .evaluate(
                    new TriageInput(p, List.of(spo2), List.of(), TriageConfig.fixedLimitsOnly()))
                .get(0)
                .level())
        .isEqualTo(Level.RED);
  }
}
