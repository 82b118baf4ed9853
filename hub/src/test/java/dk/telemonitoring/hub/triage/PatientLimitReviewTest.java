package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.rules.ParameterLimitRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A per-patient limit's review: a changed limit is authored, validated and due for review in ninety
 * days, and a review is due from its date on, which {@link ParameterLimitRule} reports as an
 * overdue review (docs/clinical-reference.md "Per-patient limits").
 */
class PatientLimitReviewTest {

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
}
