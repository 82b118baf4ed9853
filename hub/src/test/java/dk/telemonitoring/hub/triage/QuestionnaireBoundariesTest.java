package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.rules.SymptomRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SymptomRule} at its boundaries: sputum colour grade 2 (yellow) is the first discoloured
 * grade; CAT 4 points above baseline on this and the previous questionnaire (within 7 calendar
 * days); CAT 30 very high impact (Jones et al., Eur Respir J 2009). Thresholds (judgement), as the
 * rule documents.
 */
class QuestionnaireBoundariesTest {

  @ParameterizedTest(
      name = "breathless {0}, more sputum {1}, colour grade {2}, fever {3} -> {4}: {5}")
  @CsvSource({
    // breathless, sputum, colour, fever, level,  sentence
    "1, 1, 2, 0, RED,    'Patient reports more breathless, more sputum, discoloured sputum.'",
    "1, 1, 1, 0, YELLOW, 'Patient reports more breathless, more sputum.'",
    "1, 1, 2, 1, RED,    'Patient reports more breathless, more sputum, discoloured sputum, fever.'",
    "0, 1, 2, 0, YELLOW, 'Patient reports more sputum, discoloured sputum.'",
    "0, 0, 2, 1, YELLOW, 'Patient reports discoloured sputum, fever.'",
    "0, 0, 1, 1, GREEN,  'Patient reports fever.'",
    "1, 0, 0, 1, YELLOW, 'Patient reports more breathless, fever.'",
    "1, 0, 1, 0, GREEN,  'Patient reports more breathless.'",
    "0, 0, 3, 0, GREEN,  'Patient reports discoloured sputum.'",
    "0, 0, 0, 0, GREEN,  'No worsening symptoms reported.'",
  })
  void symptomItemsCountedWithColourFromGradeTwo(
      int breathless, int sputum, int colour, int fever, Level level, String sentence) {
    List<Finding> f =
        new SymptomRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(Condition.COPD),
                    List.of(
                        obs(MeasurementType.SYM_BREATHLESS, breathless, T0),
                            obs(MeasurementType.SYM_SPUTUM_MORE, sputum, T0),
                        obs(MeasurementType.SYM_SPUTUM_COLOUR, colour, T0),
                            obs(MeasurementType.SYM_FEVER, fever, T0)),
                    List.of(),
                    TriageConfig.full()));
    assertThat(f).hasSize(1);
    assertThat(f.get(0).level()).isEqualTo(level);
    assertThat(f.get(0).explanation().en()).isEqualTo(sentence);
    assertThat(f.get(0).inputs())
        .containsEntry("sputumDiscoloured", colour >= 2)
        .containsEntry("fever", fever == 1);
  }

  @ParameterizedTest(name = "only {0} = {1} answered -> {2}")
  @CsvSource({
    "SYM_BREATHLESS, 1, GREEN",
    "SYM_SPUTUM_MORE, 1, GREEN",
    "SYM_SPUTUM_COLOUR, 2, GREEN",
    "SYM_FEVER, 1, GREEN"
  })
  void anyOneItemAloneIsScoredButNotAbnormal(MeasurementType item, double value, Level level) {
    List<Finding> f =
        new SymptomRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(Condition.COPD),
                    List.of(obs(item, value, T0)),
                    List.of(),
                    TriageConfig.full()));
    assertThat(f).singleElement().extracting(Finding::level).isEqualTo(level);
  }

  @Test
  void noQuestionnaireNoFinding() {
    assertThat(
            new SymptomRule()
                .evaluate(
                    new TriageInput(
                        Fixtures.patient(Condition.COPD),
                        List.of(obs(MeasurementType.SPO2, 95, T0)),
                        List.of(),
                        TriageConfig.full())))
        .isEmpty();
  }

  @ParameterizedTest(
      name = "CAT {0} after {1} on the previous questionnaire, baseline 14 -> {2} ({3})")
  @CsvSource(
      nullValues = "none",
      value = {
        // today, previous, level,  rise as written
        "18,     18,       YELLOW, +4", // exactly 4 above on both
        "17,     18,       GREEN,  +3",
        "18,     17,       GREEN,  +4",
        "18,     none,     GREEN,  +4",
        "25,     20,       YELLOW, +11",
        "12,     12,       GREEN,  -2",
        "14,     14,       GREEN,  +0",
        "30,     14,       YELLOW, +16", // very high impact alone
        "29,     14,       GREEN,  +15",
      })
  void catRiseOfFourOnTwoQuestionnairesOrThirtyAlone(
      double today, Double previous, Level level, String rise) {
    Finding f = cat(today, previous, 2, TriageConfig.full()).orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.inputs()).containsEntry("baselineMedian", 14.0).containsEntry("rise", today - 14);
    if (previous != null) assertThat(f.inputs()).containsEntry("previousCat", previous);
    assertThat(f.explanation().en())
        .startsWith(
            "CAT " + Explanation.num(today) + " vs this patient's baseline of 14 (" + rise + ")");
    assertThat(f.explanation().en())
        .endsWith(today >= 30 ? "; 30 or more: very high impact." : ".");
  }

  @ParameterizedTest(name = "previous questionnaire {0} calendar days before -> {1}")
  @CsvSource({"6, YELLOW", "7, YELLOW", "8, GREEN"})
  void thePreviousQuestionnaireCountsWithinSevenCalendarDays(int daysBefore, Level level) {
    assertThat(cat(18, 18.0, daysBefore, TriageConfig.full()).orElseThrow().level())
        .isEqualTo(level);
  }

  @ParameterizedTest(name = "no baseline (fixed limits): CAT {0} -> {1}")
  @CsvSource({"29, GREEN, 'CAT 29.'", "30, YELLOW, 'CAT 30 (30 or more: very high impact).'"})
  void withoutABaselineOnlyThirtyOrMoreIsYellow(double today, Level level, String sentence) {
    Finding f = cat(today, 29.0, 2, TriageConfig.fixedLimitsOnly()).orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.explanation().en()).isEqualTo(sentence);
    assertThat(f.inputs()).doesNotContainKey("baselineMedian");
  }

  @ParameterizedTest(name = "CAT {0} -> Danish ''{2}''")
  @CsvSource(
      nullValues = "none",
      value = {
        "18, 18, 'CAT 18 mod patientens baseline på 14 (+4).'",
        "31, 14, 'CAT 31 mod patientens baseline på 14 (+17); 30 eller mere: meget høj påvirkning.'",
        "12, none, 'CAT 12 mod patientens baseline på 14 (-2).'",
        "14, none, 'CAT 14 mod patientens baseline på 14 (+0).'",
      })
  void theCatFindingInDanish(double today, Double previous, String da) {
    assertThat(cat(today, previous, 2, TriageConfig.full()).orElseThrow().explanation().da())
        .isEqualTo(da);
  }

  @ParameterizedTest(name = "no baseline: CAT {0} -> Danish ''{1}''")
  @CsvSource({"29, 'CAT 29.'", "30, 'CAT 30 (30 eller mere: meget høj påvirkning).'"})
  void theCatFindingWithoutABaselineInDanish(double today, String da) {
    assertThat(cat(today, null, 2, TriageConfig.fixedLimitsOnly()).orElseThrow().explanation().da())
        .isEqualTo(da);
  }

  @Test
  void symptomsAreReportedInDanish() {
    List<Finding> f =
        new SymptomRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(Condition.COPD),
                    List.of(
                        obs(MeasurementType.SYM_BREATHLESS, 1, T0),
                            obs(MeasurementType.SYM_SPUTUM_MORE, 1, T0),
                        obs(MeasurementType.SYM_SPUTUM_COLOUR, 2, T0),
                            obs(MeasurementType.SYM_FEVER, 1, T0)),
                    List.of(),
                    TriageConfig.full()));
    assertThat(f.get(0).explanation().da())
        .isEqualTo("Patienten melder mere forpustet, mere slim, misfarvet slim, feber.");
    List<Finding> none =
        new SymptomRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(Condition.COPD),
                    List.of(obs(MeasurementType.SYM_FEVER, 0, T0)),
                    List.of(),
                    TriageConfig.full()));
    assertThat(none.get(0).explanation().da()).isEqualTo("Ingen forværrede symptomer meldt.");
  }

  /**
   * 16 weekly-ish answers of 14 from 4 days back, the previous answer {@code daysBefore} days ago,
   * then today's.
   */
  private static Optional<Finding> cat(
      double today, Double previous, int daysBefore, TriageConfig config) {
    List<Observation> h = new ArrayList<>();
    for (int d = 9; d < 25; d++) h.add(obs(MeasurementType.CAT, 14, T0.minus(Duration.ofDays(d))));
    if (previous != null)
      h.add(obs(MeasurementType.CAT, previous, T0.minus(Duration.ofDays(daysBefore))));
    return new SymptomRule()
            .evaluate(
                new TriageInput(
                    Fixtures.patient(Condition.COPD),
                    List.of(obs(MeasurementType.CAT, today, T0)),
                    h,
                    config))
            .stream()
            .filter(f -> f.ruleId().equals("cat.rise"))
            .findFirst();
  }
}
