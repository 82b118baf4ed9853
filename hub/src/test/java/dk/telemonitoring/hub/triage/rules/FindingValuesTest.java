package dk.telemonitoring.hub.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A finding's values as a page shows them: short names, values with the units a doctor reads, no
 * codes.
 */
class FindingValuesTest {

  static Stream<Arguments> findings() {
    return Stream.of(
        Arguments.of(
            "limit.spo2",
            inputs("code", "spo2", "value", 82.0, "criticalLow", 85.0, "author", "group"),
            "SpO2 82 %",
            "SpO2 82%"),
        Arguments.of(
            "limit.temperature",
            inputs("code", "temperature", "value", 38.4),
            "temperatur 38,4 °C",
            "temperature 38.4 °C"),
        Arguments.of(
            "limit.bp_systolic",
            inputs("code", "bp_systolic", "value", 182.0),
            "systolisk blodtryk 182 mmHg",
            "systolic BP 182 mmHg"),
        Arguments.of(
            "baseline.pulse-rise",
            inputs("value", 112.0, "baselineMedian", 80.0, "delta", 32.0),
            "puls 112 /min",
            "pulse 112 /min"),
        Arguments.of(
            "news2.aggregate",
            inputs(
                "label",
                "7",
                "total",
                7,
                "scale",
                1,
                "spo2",
                90.0,
                "pulse",
                124.0,
                "yellowFrom",
                5),
            "NEWS2 7 point, SpO2 90 %, puls 124 /min",
            "NEWS2 7 points, SpO2 90%, pulse 124 /min"),
        // The single-parameter finding keys NEWS2 points by parameter: 3 points are not "SpO2 3%".
        Arguments.of("news2.single-parameter", inputs("spo2", 3, "label", "3"), "", ""),
        Arguments.of(
            "spiro.best.pef",
            inputs("value", 210.0, "personalBest", 400.0, "percentOfBest", 53),
            "PEF 210 L/min, 53 % af personlig bedste",
            "PEF 210 L/min, 53% of personal best"),
        Arguments.of(
            "cat.rise",
            inputs("cat", 24.0, "baselineMedian", 15.0, "rise", 9.0),
            "CAT-score 24",
            "CAT score 24"),
        Arguments.of(
            "contact.request", inputs("reason", "worried", "text", "more breathless"), "", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("findings")
  void wordsTheValuesWithUnitsInDanishAndEnglish(
      String ruleId, Map<String, Object> inputs, String da, String en) {
    FindingValues.Values v = FindingValues.of(ruleId, inputs);
    assertThat(v.da()).isEqualTo(da);
    assertThat(v.en()).isEqualTo(en);
    for (String s : List.of(v.da(), v.en())) {
      assertThat(s).doesNotContain("{score}", "Cel", "mm[Hg]", ruleId);
    }
  }

  private static Map<String, Object> inputs(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
