package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.rules.ParameterLimitRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What makes a per-patient limit acceptable ({@link PatientLimit#validate}: at or inside the
 * floors, thresholds in order, authored) and how {@link ParameterLimitRule} reports it: the level,
 * whether a repeat may be asked, the threshold named in the sentence, and an overdue review
 * (docs/clinical-reference.md "Per-patient limits").
 */
class PatientLimitRulesTest {

  @ParameterizedTest(name = "{0}: CRITICAL low {1}, high {2} accepted {3}")
  @CsvSource(
      nullValues = "",
      value = {
        "spo2,        84,  ,    true", // exactly on the floor
        "spo2,        83,  ,    false", // one point below it
        "spo2,        85,  ,    true",
        "pulse,       35,  150, true",
        "pulse,       34,  150, false",
        "pulse,       35,  151, false",
        "pulse,       35,  ,    false", // a floor side left open
        "temperature, 34,  40.5, true",
        "temperature, 33.9, 40.5, false",
        "temperature, 34,  40.6, false",
        "news2,       ,    7,   true",
        "news2,       ,    8,   false",
        "weight,      ,    ,    true", // no floor
      })
  void aLimitMayTightenButNeverRelaxAFloor(
      String code, Double cLow, Double cHigh, boolean accepted) {
    PatientLimit l =
        new PatientLimit(
            code, cLow, null, null, null, null, cHigh, "dr-berg", "why", T0, null, false);
    if (accepted) {
      assertThat(l.validate()).isSameAs(l);
    } else {
      assertThatThrownBy(l::validate)
          .isInstanceOf(PatientLimit.RejectedLimitException.class)
          .hasMessageContaining("CRITICAL floors cannot be relaxed");
    }
  }

  @ParameterizedTest(name = "SpO2 thresholds {0}/{1}/{2} in order: {3}")
  @CsvSource({"85, 88, 90, true", "85, 85, 85, true", "85, 90, 88, false", "88, 85, 90, false"})
  void thresholdsMustRiseFromCriticalLowToCriticalHigh(
      double c, double r, double y, boolean accepted) {
    PatientLimit l =
        new PatientLimit("spo2", c, r, y, null, null, null, "dr-berg", "why", T0, null, false);
    if (accepted) {
      assertThat(l.validate()).isSameAs(l);
    } else {
      assertThatThrownBy(l::validate)
          .hasMessage("spo2: thresholds must rise from CRITICAL low to CRITICAL high");
    }
  }

  /**
   * An entered threshold must be a value a reading can take (the catalogue's possible range;
   * NEWS2's 0-20): on each end, and one step outside. 384 is "38,4" read without its comma.
   */
  @ParameterizedTest(name = "{0} {1} {2}: accepted {3}")
  @CsvSource({
    "temperature, yellowHigh, 38.4, true",
    "temperature, yellowHigh, 384, false",
    "temperature, yellowHigh, 45, true",
    "temperature, yellowHigh, 45.1, false",
    "temperature, yellowLow, 25, true",
    "temperature, yellowLow, 24.9, false",
    "news2, yellowHigh, 20, true",
    "news2, yellowHigh, 21, false",
    "news2, yellowLow, 0, true",
    "news2, yellowLow, -1, false",
    "spo2, yellowHigh, 100, true",
    "spo2, yellowHigh, 100.1, false",
  })
  void anEnteredThresholdMustBeAValueAReadingCanTake(
      String code, String threshold, double value, boolean accepted) {
    boolean low = threshold.equals("yellowLow");
    PatientLimit l =
        new PatientLimit(
            code,
            null,
            null,
            low ? value : null,
            low ? null : value,
            null,
            null,
            "dr-berg",
            "why",
            T0,
            null,
            false);
    if (accepted) {
      assertThat(l.checkPossible()).isSameAs(l);
    } else {
      assertThatThrownBy(l::checkPossible)
          .isInstanceOf(PatientLimit.RejectedLimitException.class)
          .hasMessageStartingWith(
              code + ": " + threshold + " " + value + " is outside what a reading can be");
      // Before the floors and the order: the reason names the slip, not a consequence of it.
      assertThatThrownBy(l::validateEntered)
          .hasMessageContaining("is outside what a reading can be");
    }
  }

  @Test
  void aLimitForACodeNothingIsMeasuredInIsRefused() {
    PatientLimit l =
        new PatientLimit(
            "foo", null, null, null, 1.0, null, null, "dr-berg", "why", T0, null, false);
    assertThatThrownBy(l::validateEntered).hasMessage("no limits for the code 'foo'");
    PatientLimit spo2 =
        new PatientLimit(
            "spo2", 85.0, 88.0, 90.0, null, null, null, "dr-berg", "why", T0, null, false);
    assertThat(spo2.validateEntered()).as("a possible limit").isSameAs(spo2);
  }

  @ParameterizedTest(name = "author [{0}], reason [{1}], set {2}: refused")
  @CsvSource(
      nullValues = "null",
      value = {
        "'', why, true",
        "' ', why, true",
        "null, why, true",
        "dr, '', true",
        "dr, null, true",
        "dr, why, false"
      })
  void aLimitNeedsAnAuthorAReasonAndATime(String author, String reason, boolean set) {
    PatientLimit l =
        new PatientLimit(
            "weight",
            null,
            null,
            null,
            90.0,
            null,
            null,
            author,
            reason,
            set ? T0 : null,
            null,
            false);
    assertThatThrownBy(l::validate).hasMessage("a limit needs an author, a reason and a time");
  }

  @Test
  void aChangedLimitIsAuthoredValidatedAndDueForReviewInNinetyDays() {
    PatientLimit group = Fixtures.patient(Condition.COPD).limit("spo2").orElseThrow();
    Instant at = T0.plus(Duration.ofDays(3));
    PatientLimit changed =
        group.changed(85.0, 86.0, 88.0, null, null, null, "dr-berg", "habitual 90-91", at);
    assertThat(changed)
        .isEqualTo(
            new PatientLimit(
                "spo2",
                85.0,
                86.0,
                88.0,
                null,
                null,
                null,
                "dr-berg",
                "habitual 90-91",
                at,
                at.plus(Duration.ofDays(90)),
                false));
    assertThatThrownBy(() -> group.changed(80.0, 86.0, 88.0, null, null, null, "dr-berg", "x", at))
        .isInstanceOf(PatientLimit.RejectedLimitException.class);
  }

  @ParameterizedTest(name = "review by T0+{0}s at T0: due {1}")
  @CsvSource(
      nullValues = "none",
      value = {"-1, true", "0, true", "1, false", "none, false"})
  void aReviewIsDueFromItsDateOn(Long seconds, boolean due) {
    PatientLimit l =
        new PatientLimit(
            "weight",
            null,
            null,
            null,
            90.0,
            null,
            null,
            "dr",
            "why",
            T0.minus(Duration.ofDays(90)),
            seconds == null ? null : T0.plusSeconds(seconds),
            false);
    assertThat(l.reviewDue(T0)).isEqualTo(due);
    PatientContext p = CriticalFloorBoundariesTest.withStoredLimit(Condition.COPD, l);
    Finding f =
        new ParameterLimitRule()
            .evaluate(CriticalFloorBoundariesTest.input(p, obs(MeasurementType.WEIGHT, 80, T0)))
            .get(0);
    assertThat(f.inputs().containsKey("reviewOverdue")).isEqualTo(due);
  }

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
