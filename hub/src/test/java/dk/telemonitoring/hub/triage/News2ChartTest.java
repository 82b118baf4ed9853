package dk.telemonitoring.hub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rows are the NEWS2 chart (NEWS2 RCP 2017) as tabulated in docs/clinical-reference.md#news2, band
 * edges on both sides.
 */
class News2ChartTest {

  @ParameterizedTest(name = "resp rate {0} /min scores {1}")
  @CsvSource({"4,3", "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3", "40,3"})
  void respiratoryRate(double v, int points) {
    assertThat(News2.respRate(v)).isEqualTo(points);
  }

  @ParameterizedTest(name = "SpO2 {0}% on scale 1 scores {1}")
  @CsvSource({"80,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0"})
  void spo2Scale1(double v, int points) {
    assertThat(News2.spo2Scale1(v)).isEqualTo(points);
  }

  @ParameterizedTest(name = "SpO2 {0}% on scale 2, oxygen {1}, scores {2}")
  @CsvSource({
    "80,false,3",
    "83,false,3",
    "84,false,2",
    "85,false,2",
    "86,false,1",
    "87,false,1",
    "88,false,0",
    "92,false,0",
    "93,false,0",
    "96,false,0",
    "100,false,0",
    "83,true,3",
    "84,true,2",
    "86,true,1",
    "88,true,0",
    "92,true,0",
    "93,true,1",
    "94,true,1",
    "95,true,2",
    "96,true,2",
    "97,true,3",
    "100,true,3"
  })
  void spo2Scale2(double v, boolean oxygen, int points) {
    assertThat(News2.spo2Scale2(v, oxygen)).isEqualTo(points);
  }

  @ParameterizedTest(name = "oxygen {0} scores {1}")
  @CsvSource({"false,0", "true,2"})
  void airOrOxygen(boolean oxygen, int points) {
    assertThat(News2.airOrOxygen(oxygen)).isEqualTo(points);
  }

  @ParameterizedTest(name = "systolic {0} mmHg scores {1}")
  @CsvSource({"70,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3"})
  void systolic(double v, int points) {
    assertThat(News2.systolic(v)).isEqualTo(points);
  }

  @ParameterizedTest(name = "pulse {0} /min scores {1}")
  @CsvSource({
    "35,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3"
  })
  void pulse(double v, int points) {
    assertThat(News2.pulse(v)).isEqualTo(points);
  }

  @ParameterizedTest(name = "consciousness alert={0} scores {1}")
  @CsvSource({"true,0", "false,3"})
  void consciousness(boolean alert, int points) {
    assertThat(News2.consciousness(alert)).isEqualTo(points);
  }

  @ParameterizedTest(name = "temperature {0} C scores {1}")
  @CsvSource({
    "34.0,3", "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2",
    "41.0,2"
  })
  void temperature(double v, int points) {
    assertThat(News2.temperature(v)).isEqualTo(points);
  }
}
