package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeenFindingsTest {

  private static final Instant SHOWN = Instant.parse("2026-12-04T08:00:00.123456Z");
  private static final UUID ALERT = UUID.randomUUID();

  @Test
  void aFindingAsShownIsNotNewer() {
    assertThat(seen().newerIn(List.of(finding("limit.spo2", SHOWN, null)))).isEmpty();
  }

  @Test
  void aReadingOneMicrosecondAfterTheOneShownIsNewer() {
    assertThat(seen().newerIn(List.of(finding("limit.spo2", SHOWN.plusNanos(1_000), null))))
        .containsExactly("limit.spo2");
  }

  @Test
  void aRuleTheScreenDidNotShowIsNewer() {
    assertThat(
            seen()
                .newerIn(
                    List.of(
                        finding("limit.spo2", SHOWN, null),
                        finding("limit.pulse", SHOWN.minusSeconds(60), null))))
        .containsExactly("limit.pulse");
  }

  @Test
  void aClearedFindingDoesNotCount() {
    assertThat(
            seen()
                .newerIn(
                    List.of(finding("limit.pulse", SHOWN.plusSeconds(60), SHOWN.plusSeconds(90)))))
        .isEmpty();
  }

  private static SeenFindings seen() {
    return new SeenFindings(Map.of("limit.spo2", SHOWN));
  }

  private static AlertFinding finding(String rule, Instant last, Instant cleared) {
    return new AlertFinding(
        ALERT, rule, Level.RED, "x", "x", Map.of(), last.minusSeconds(600), last, "ref", cleared);
  }
}
