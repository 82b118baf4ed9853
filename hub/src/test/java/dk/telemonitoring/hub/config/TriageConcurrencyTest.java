package dk.telemonitoring.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 'auto' leaves half the processors to the critical path; a number is taken as given. */
class TriageConcurrencyTest {

  @ParameterizedTest(name = "{0} on {1} processors: {2}")
  @CsvSource({
    "auto, 1, 1",
    "auto, 2, 1",
    "auto, 3, 1",
    "auto, 4, 2",
    "auto, 5, 2",
    "auto, 8, 4",
    "AUTO, 8, 4",
    "' auto ', 16, 8",
    "1, 8, 1",
    "2, 2, 2",
    "4, 2, 4",
    "' 3 ', 1, 3"
  })
  void theSettingOnAMachine(String setting, int processors, int expected) {
    assertThat(TriageConcurrency.of(setting, processors)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0, at least 1",
    "-2, at least 1",
    "two, 'auto' or a whole number",
    "'', whole number"
  })
  void refused(String setting, String reason) {
    assertThatThrownBy(() -> TriageConcurrency.of(setting, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUB_TRIAGE_CONCURRENCY")
        .hasMessageContaining(reason);
  }
}
