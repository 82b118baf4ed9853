package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every group-default threshold ({@link GroupDefaults}; docs/clinical-reference.md "Per-patient
 * limits") exactly on the boundary, one step inside it and one step outside, in the measurement's
 * own resolution: SpO2 1 %, pulse 1 /min, respiratory rate 1 /min, systolic BP 1 mmHg, temperature
 * 0.1 C, NEWS2 1 point. Low thresholds fire at or below, high thresholds at or above. The limit
 * alone is asked ({@link PatientLimit#levelOf}); the floors are tested in {@link
 * CriticalFloorBoundariesTest}.
 */
class GroupDefaultBoundariesTest {

  @ParameterizedTest(name = "{0}: SpO2 {1}% -> {2}")
  @CsvSource({
    // conditions,           SpO2 %, level       boundary
    "COPD AATD FIBROSIS,     84,     CRITICAL", // outside CRITICAL low 85
    "COPD AATD FIBROSIS,     85,     CRITICAL", // on CRITICAL low
    "COPD AATD FIBROSIS,     86,     RED", // inside
    "COPD AATD FIBROSIS,     87,     RED", // outside RED low 88
    "COPD AATD FIBROSIS,     88,     RED", // on RED low
    "COPD AATD FIBROSIS,     89,     YELLOW", // inside; outside YELLOW low 90
    "COPD AATD FIBROSIS,     90,     YELLOW", // on YELLOW low
    "COPD AATD FIBROSIS,     91,     GREEN", // inside
    "COPD AATD FIBROSIS,     100,    GREEN", // no high limit
    "HEART_FAILURE,          84,     CRITICAL",
    "HEART_FAILURE,          85,     CRITICAL",
    "HEART_FAILURE,          86,     RED",
    "HEART_FAILURE,          88,     RED",
    "HEART_FAILURE,          89,     RED",
    "HEART_FAILURE,          90,     YELLOW",
    "HEART_FAILURE,          91,     YELLOW",
    "HEART_FAILURE,          92,     YELLOW",
    "HEART_FAILURE,          93,     GREEN",
  })
  void spo2(String conditions, double value, Level level) {
    assertLevel(conditions, "spo2", value, level);
  }

  @ParameterizedTest(name = "{0}: pulse {1} /min -> {2}")
  @CsvSource({
    // conditions,           pulse /min, level
    "COPD AATD FIBROSIS,     34,  CRITICAL",
    "COPD AATD FIBROSIS,     35,  CRITICAL", // CRITICAL low 35
    "COPD AATD FIBROSIS,     36,  RED",
    "COPD AATD FIBROSIS,     39,  RED",
    "COPD AATD FIBROSIS,     40,  RED", // RED low 40
    "COPD AATD FIBROSIS,     41,  YELLOW",
    "COPD AATD FIBROSIS,     44,  YELLOW",
    "COPD AATD FIBROSIS,     45,  YELLOW", // YELLOW low 45
    "COPD AATD FIBROSIS,     46,  GREEN",
    "COPD AATD FIBROSIS,     110, GREEN",
    "COPD AATD FIBROSIS,     111, YELLOW", // YELLOW high 111
    "COPD AATD FIBROSIS,     112, YELLOW",
    "COPD AATD FIBROSIS,     130, YELLOW",
    "COPD AATD FIBROSIS,     131, RED", // RED high 131
    "COPD AATD FIBROSIS,     132, RED",
    "COPD AATD FIBROSIS,     149, RED",
    "COPD AATD FIBROSIS,     150, CRITICAL", // CRITICAL high 150
    "COPD AATD FIBROSIS,     151, CRITICAL",
    "HEART_FAILURE,          34,  CRITICAL",
    "HEART_FAILURE,          35,  CRITICAL",
    "HEART_FAILURE,          36,  RED",
    "HEART_FAILURE,          40,  RED",
    "HEART_FAILURE,          41,  YELLOW",
    "HEART_FAILURE,          49,  YELLOW",
    "HEART_FAILURE,          50,  YELLOW", // YELLOW low 50
    "HEART_FAILURE,          51,  GREEN",
    "HEART_FAILURE,          100, GREEN",
    "HEART_FAILURE,          101, YELLOW", // YELLOW high 101
    "HEART_FAILURE,          102, YELLOW",
    "HEART_FAILURE,          120, YELLOW",
    "HEART_FAILURE,          121, RED", // RED high 121
    "HEART_FAILURE,          122, RED",
    "HEART_FAILURE,          149, RED",
    "HEART_FAILURE,          150, CRITICAL",
    "HEART_FAILURE,          151, CRITICAL",
  })
  void pulse(String conditions, double value, Level level) {
    assertLevel(conditions, "pulse", value, level);
  }

  @ParameterizedTest(name = "every condition: temperature {0} C -> {1}")
  @CsvSource({
    // C,   level
    "33.9, CRITICAL",
    "34.0, CRITICAL", // CRITICAL low 34.0
    "34.1, RED",
    "34.9, RED",
    "35.0, RED", // RED low 35.0
    "35.1, GREEN", // no YELLOW low
    "38.0, GREEN",
    "38.1, YELLOW", // YELLOW high 38.1
    "38.2, YELLOW",
    "39.0, YELLOW",
    "39.1, RED", // RED high 39.1
    "39.2, RED",
    "40.4, RED",
    "40.5, CRITICAL", // CRITICAL high 40.5
    "40.6, CRITICAL",
  })
  void temperature(double value, Level level) {
    assertLevel("COPD AATD FIBROSIS HEART_FAILURE", "temperature", value, level);
  }

  @ParameterizedTest(name = "every condition: respiratory rate {0} /min -> {1}")
  @CsvSource({
    "7,  CRITICAL",
    "8,  CRITICAL", // CRITICAL low 8
    "9,  GREEN", // no RED or YELLOW low
    "20, GREEN",
    "21, YELLOW", // YELLOW high 21
    "22, YELLOW",
    "24, YELLOW",
    "25, RED", // RED high 25
    "26, RED",
    "29, RED",
    "30, CRITICAL", // CRITICAL high 30
    "31, CRITICAL",
  })
  void respiratoryRate(double value, Level level) {
    assertLevel("COPD AATD FIBROSIS HEART_FAILURE", "resp_rate", value, level);
  }

  @ParameterizedTest(name = "heart failure: systolic {0} mmHg -> {1}")
  @CsvSource({
    "79,  CRITICAL",
    "80,  CRITICAL", // CRITICAL low 80
    "81,  RED",
    "89,  RED",
    "90,  RED", // RED low 90
    "91,  YELLOW",
    "99,  YELLOW",
    "100, YELLOW", // YELLOW low 100
    "101, GREEN",
    "169, GREEN",
    "170, YELLOW", // YELLOW high 170
    "171, YELLOW",
    "199, YELLOW",
    "200, RED", // RED high 200
    "201, RED",
    "239, RED",
    "240, CRITICAL", // CRITICAL high 240
    "241, CRITICAL",
  })
  void heartFailureSystolic(double value, Level level) {
    assertLevel("HEART_FAILURE", "bp_systolic", value, level);
  }

  @ParameterizedTest(name = "every condition: NEWS2 aggregate {0} -> {1}")
  @CsvSource({
    "0, GREEN",
    "1, YELLOW",
    "2, YELLOW",
    "4, YELLOW",
    "5, RED",
    "6, RED",
    "7, CRITICAL",
    "8, CRITICAL"
  })
  void news2Aggregate(double score, Level level) {
    // NEWS2 RCP 2017: 1-4 YELLOW, 5-6 RED, 7 or more CRITICAL
    assertLevel("COPD AATD FIBROSIS HEART_FAILURE", "news2", score, level);
  }

  @ParameterizedTest(name = "{0} has no {1} default")
  @CsvSource({
    "COPD, bp_systolic",
    "AATD, bp_systolic",
    "FIBROSIS, bp_systolic",
    "HEART_FAILURE, weight",
    "COPD, weight"
  })
  void codesWithoutAGroupDefault(Condition condition, String code) {
    assertThat(GroupDefaults.forCondition(condition, T0)).noneMatch(l -> l.code().equals(code));
  }

  private static void assertLevel(String conditions, String code, double value, Level level) {
    Arrays.stream(conditions.split(" "))
        .map(Condition::parse)
        .forEach(
            c -> {
              PatientLimit limit =
                  GroupDefaults.forCondition(c, T0).stream()
                      .filter(l -> l.code().equals(code))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError(c + " has no " + code + " default"));
              assertThat(limit.levelOf(value)).as("%s %s %s", c, code, value).isEqualTo(level);
              assertThat(limit.groupDefault()).isTrue();
              assertThat(limit.reviewBy()).isEqualTo(T0.plus(PatientLimit.DEFAULT_REVIEW));
            });
  }
}
