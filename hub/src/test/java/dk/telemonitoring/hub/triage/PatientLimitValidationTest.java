package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What makes a per-patient limit acceptable ({@link PatientLimit#validate}, {@link
 * PatientLimit#validateEntered}): at or inside the CRITICAL floors, thresholds in order, values a
 * reading can take, a code something is measured in, and an author, a reason and a time
 * (docs/clinical-reference.md "Per-patient limits").
 */
class PatientLimitValidationTest {

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
}
