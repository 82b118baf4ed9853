package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import dk.telemonitoring.hub.triage.rules.News2Rule;
import dk.telemonitoring.hub.triage.rules.ParameterLimitRule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The universal CRITICAL floors ({@link CriticalFloors}; docs/clinical-reference.md "Per-patient
 * limits": limits never relax CRITICAL floors) exactly on the floor, one step inside and one
 * outside. The group defaults repeat the floors, so here each floor is tested with the limit out of
 * the way: alone, for a code without any limit, and against a stored limit that is looser than the
 * floor (one written before the floor existed; {@link PatientLimit#validate} refuses new ones).
 */
class CriticalFloorBoundariesTest {

  private static final TriageEngine FULL = new TriageEngine(TriageConfig.full());

  @ParameterizedTest(name = "{0} {1} -> {2} by the floor alone")
  @CsvSource({
    // code,        value, level     floor
    "spo2,          83,    CRITICAL", // low 84
    "spo2,          84,    CRITICAL",
    "spo2,          85,    GREEN",
    "pulse,         34,    CRITICAL", // low 35
    "pulse,         35,    CRITICAL",
    "pulse,         36,    GREEN",
    "pulse,         149,   GREEN", // high 150
    "pulse,         150,   CRITICAL",
    "pulse,         151,   CRITICAL",
    "resp_rate,     7,     CRITICAL", // low 8
    "resp_rate,     8,     CRITICAL",
    "resp_rate,     9,     GREEN",
    "resp_rate,     29,    GREEN", // high 30
    "resp_rate,     30,    CRITICAL",
    "bp_systolic,   79,    CRITICAL", // low 80
    "bp_systolic,   80,    CRITICAL",
    "bp_systolic,   81,    GREEN",
    "bp_systolic,   239,   GREEN", // high 240
    "bp_systolic,   240,   CRITICAL",
    "temperature,   33.9,  CRITICAL", // low 34.0
    "temperature,   34.0,  CRITICAL",
    "temperature,   34.1,  GREEN",
    "temperature,   40.4,  GREEN", // high 40.5
    "temperature,   40.5,  CRITICAL",
    "news2,         6,     GREEN", // NEWS2 aggregate 7 or more
    "news2,         7,     CRITICAL",
    "news2,         8,     CRITICAL",
    "weight,        300,   GREEN", // no floor
  })
  void floorLevels(String code, double value, Level level) {
    assertThat(CriticalFloors.levelOf(code, value)).isEqualTo(level);
  }

  @ParameterizedTest(name = "COPD has no systolic limit: {0} mmHg -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "79, CRITICAL",
        "80, CRITICAL",
        "81, none",
        "150, none",
        "239, none",
        "240, CRITICAL",
        "241, CRITICAL"
      })
  void aCodeWithoutAnyLimitIsJudgedByItsFloorAlone(double systolic, Level level) {
    List<Finding> f =
        new ParameterLimitRule()
            .evaluate(
                input(
                    Fixtures.patient(Condition.COPD),
                    obs(MeasurementType.BP_SYSTOLIC, systolic, T0)));
    assertThat(f.stream().map(Finding::level).findFirst()).isEqualTo(Optional.ofNullable(level));
    f.forEach(
        x -> {
          assertThat(x.ruleId()).isEqualTo("limit.bp_systolic");
          assertThat(x.repeatable()).as("CRITICAL is never asked to repeat").isFalse();
          assertThat(x.explanation().en())
              .isEqualTo(
                  "Systolic BP "
                      + Explanation.num(systolic)
                      + " mmHg is beyond the CRITICAL floor that applies to every patient.");
          assertThat(x.explanation().da())
              .isEqualTo(
                  "Systolisk blodtryk "
                      + Explanation.num(systolic)
                      + " mmHg er ud over den KRITISKE grænse, der gælder for alle patienter.");
        });
  }

  @ParameterizedTest(name = "stored SpO2 limit with CRITICAL low 80: {0}% -> {1}")
  @CsvSource({"83, CRITICAL", "84, CRITICAL", "85, RED", "86, RED"})
  void theSpo2FloorHoldsAgainstAStoredLimitThatIsLooser(double spo2, Level level) {
    PatientContext p =
        withStoredLimit(
            Condition.COPD,
            new PatientLimit(
                "spo2",
                80.0,
                86.0,
                88.0,
                null,
                null,
                null,
                "dr-old",
                "set before the floor",
                T0,
                null,
                false));
    Finding f =
        new ParameterLimitRule().evaluate(input(p, obs(MeasurementType.SPO2, spo2, T0))).get(0);
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.repeatable()).isEqualTo(level != Level.CRITICAL);
  }

  @ParameterizedTest(name = "stored pulse limit with CRITICAL 30/170: {0} /min -> {1}")
  @CsvSource({
    "34, CRITICAL",
    "35, CRITICAL",
    "36, RED",
    "149, RED",
    "150, CRITICAL",
    "151, CRITICAL"
  })
  void thePulseFloorsHoldAgainstAStoredLimitThatIsLooser(double pulse, Level level) {
    PatientContext p =
        withStoredLimit(
            Condition.COPD,
            new PatientLimit(
                "pulse",
                30.0,
                40.0,
                null,
                null,
                120.0,
                170.0,
                "dr-old",
                "set before the floor",
                T0,
                null,
                false));
    assertThat(
            new ParameterLimitRule()
                .evaluate(input(p, obs(MeasurementType.PULSE, pulse, T0)))
                .get(0)
                .level())
        .isEqualTo(level);
  }

  @ParameterizedTest(name = "stored NEWS2 limit without CRITICAL: pNEWS2 {0} -> {1}")
  @CsvSource({
    // pulse, systolic, score, level: pulse 3 points (<=40 or >=131), systolic 3 (<=90), 2 (91-100)
    "131, 95,  5, RED",
    "131, 100, 5, RED",
    "40,  90,  6, RED",
    "131, 90,  6, RED",
  })
  void aStoredNews2LimitBelowTheFloorKeepsItsOwnLevels(
      double pulse, double systolic, int score, Level level) {
    PatientContext p =
        withStoredLimit(
            Condition.COPD,
            new PatientLimit(
                "news2",
                null,
                null,
                null,
                3.0,
                5.0,
                null,
                "dr-old",
                "set before the floor",
                T0,
                null,
                false));
    Finding f = aggregate(p, pulse, systolic);
    assertThat(f.inputs().get("total")).isEqualTo(score);
    assertThat(f.level()).isEqualTo(level);
  }

  @ParameterizedTest(
      name = "stored NEWS2 limit without CRITICAL: score 7 is CRITICAL by the floor ({0}/{1}/{2})")
  @CsvSource({"131, 90, 36.0", "40, 90, 38.5"})
  void theNews2FloorOfSevenHoldsAgainstAStoredLimitWithoutCritical(
      double pulse, double systolic, double temp) {
    PatientContext p =
        withStoredLimit(
            Condition.COPD,
            new PatientLimit(
                "news2",
                null,
                null,
                null,
                3.0,
                5.0,
                null,
                "dr-old",
                "set before the floor",
                T0,
                null,
                false));
    List<Observation> msg =
        List.of(
            obs(MeasurementType.PULSE, pulse, T0),
            obs(MeasurementType.BP_SYSTOLIC, systolic, T0),
            obs(MeasurementType.TEMPERATURE, temp, T0));
    TriageInput in = new TriageInput(p, msg, List.of(), TriageConfig.full());
    Finding f = new News2Rule().evaluate(in).get(0);
    assertThat(f.inputs().get("total")).isEqualTo(7);
    assertThat(f.level()).isEqualTo(Level.CRITICAL);
    assertThat(f.repeatable()).isFalse();
    assertThat(FULL.evaluate(p, msg, List.of()).repeatRequested()).isFalse();
  }

  @ParameterizedTest(name = "an authored NEWS2 limit CRITICAL from 6: pNEWS2 {0} -> {1}")
  @CsvSource({"5, RED", "6, CRITICAL"})
  void anAuthoredStricterNews2LimitIsCriticalBelowTheFloor(int score, Level level) {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withLimit(
                new PatientLimit(
                    "news2",
                    null,
                    null,
                    null,
                    2.0,
                    4.0,
                    6.0,
                    "dr-berg",
                    "frail",
                    T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(89)),
                    false));
    Finding f = aggregate(p, 131, score == 5 ? 100 : 90);
    assertThat(f.inputs().get("total")).isEqualTo(score);
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.explanation().en())
        .endsWith(": " + level + " (this patient's limits: YELLOW from 2, RED from 4).");
    assertThat(f.explanation().da()).endsWith(" (patientens grænser: GUL fra 2, RØD fra 4).");
  }

  private static Finding aggregate(PatientContext p, double pulse, double systolic) {
    TriageInput in =
        new TriageInput(
            p,
            List.of(
                obs(MeasurementType.PULSE, pulse, T0),
                obs(MeasurementType.BP_SYSTOLIC, systolic, T0)),
            List.of(),
            TriageConfig.full());
    return new News2Rule()
        .evaluate(in).stream()
            .filter(f -> f.ruleId().equals(News2Rule.AGGREGATE))
            .findFirst()
            .orElseThrow();
  }

  /** A patient whose stored limit was never validated against today's floors. */
  static PatientContext withStoredLimit(Condition c, PatientLimit stored) {
    PatientContext p = Fixtures.patient(c);
    Map<String, PatientLimit> limits = new HashMap<>(p.limits());
    limits.put(stored.code(), stored);
    return new PatientContext(
        p.patientId(),
        p.clinicId(),
        c,
        p.language(),
        limits,
        List.of(),
        List.of(),
        List.of(),
        Map.of());
  }

  static TriageInput input(PatientContext p, Observation... message) {
    return new TriageInput(p, List.of(message), List.of(), TriageConfig.full());
  }
}
