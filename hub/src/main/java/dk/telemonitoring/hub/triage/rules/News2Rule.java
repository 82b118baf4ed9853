package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.News2;
import dk.telemonitoring.hub.triage.ObservationSet;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * NEWS2 aggregate and single-parameter-3 rule (NEWS2 RCP 2017; docs/clinical-reference.md#news2):
 * aggregate 0 GREEN, 1-4 YELLOW, 5-6 RED, 7 or more CRITICAL; any single parameter scoring 3 RED.
 * Scale 2 only with an active SpO2 prescription. Partial sets are scored and labelled as partial,
 * never zero-filled.
 *
 * <p>Per-patient limits (docs/clinical-reference.md#per-patient-limits) may move the aggregate's
 * YELLOW and RED boundaries (limit code {@code news2}), and a doctor's authored limit for a
 * parameter replaces the single-parameter-3 rule for that parameter; the CRITICAL floor of 7 can
 * never be relaxed. The score itself is never altered.
 */
public final class News2Rule implements TriageRule {

  public static final String AGGREGATE = "news2.aggregate";
  public static final String SINGLE = "news2.single-parameter";
  public static final int VERSION = 1;

  private static final PatientLimit CHART =
      new PatientLimit(
          PatientLimit.NEWS2,
          null,
          null,
          null,
          1.0,
          5.0,
          7.0,
          "NEWS2 RCP 2017",
          "published chart",
          java.time.Instant.EPOCH,
          null,
          true);

  @Override
  public List<Finding> evaluate(TriageInput in) {
    if (in.message().stream().noneMatch(o -> News2.parameterOf(o.type()).isPresent())) {
      return List.of();
    }
    ObservationSet set =
        ObservationSet.ending(
            in.at(),
            in.config().observationWindow(),
            in.allSince(in.at().minus(in.config().observationWindow())));
    News2.Spo2Scale scale = in.patient().scaleAt(in.at());
    News2.Score score = News2.score(set, scale);
    if (score.present() == 0) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    PatientLimit mapping =
        in.config().personalLimits() ? in.patient().limit(PatientLimit.NEWS2).orElse(CHART) : CHART;
    Level aggregateLevel =
        Level.max(
            mapping.levelOf(score.total()),
            dk.telemonitoring.hub.triage.CriticalFloors.levelOf(PatientLimit.NEWS2, score.total()));
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("label", score.label());
    inputs.put("total", score.total());
    inputs.put("present", score.present());
    inputs.put("partial", score.partial());
    inputs.put("scale", scale == News2.Spo2Scale.SCALE_2 ? 2 : 1);
    inputs.put(
        "points",
        score.points().entrySet().stream()
            .collect(
                Collectors.toMap(
                    e -> e.getKey().name().toLowerCase(),
                    Map.Entry::getValue,
                    (a, b) -> a,
                    LinkedHashMap::new)));
    // Only the values scored: a spirometry or weight measured within the window is in the set but
    // not in the score, and a screen naming it beside NEWS2 would read as if it had counted.
    set.latest()
        .forEach(
            (type, o) -> {
              if (News2.parameterOf(type).isPresent()) inputs.put(type.code(), o.value());
            });
    if (set.oxygen() != null) inputs.put("oxygen", set.oxygen());
    inputs.put("yellowFrom", mapping.yellowHigh());
    inputs.put("redFrom", mapping.redHigh());
    String scaleEn =
        scale == News2.Spo2Scale.SCALE_2
            ? "SpO2 scale 2 (prescribed target 88-92%)"
            : "SpO2 scale 1";
    String scaleDa =
        scale == News2.Spo2Scale.SCALE_2 ? "SpO2-skala 2 (ordineret mål 88-92 %)" : "SpO2-skala 1";
    String oxygenNoteEn =
        set.oxygen() == null
                && set.latest().containsKey(dk.telemonitoring.hub.reading.MeasurementType.SPO2)
            ? "; oxygen not stated, scored as on air"
            : "";
    String oxygenNoteDa = oxygenNoteEn.isEmpty() ? "" : "; ilt ikke oplyst, scoret som uden ilt";
    // A partial score says once how many parameters it had: "pNEWS2 4 (3 of 7 parameters
    // measured)". "pNEWS2 4 ud fra 3 af 7 parametre" read as "4 out of 3" to the nurses.
    String scoreText = score.partial() ? "pNEWS2 " + score.total() : score.label();
    String partialEn = score.partial() ? " (" + score.present() + " of 7 parameters measured)" : "";
    String partialDa = score.partial() ? " (" + score.present() + " af 7 parametre målt)" : "";
    String byLimit =
        mapping == CHART || mapping.groupDefault()
            ? ""
            : " (this patient's limits: YELLOW from "
                + Explanation.num(mapping.yellowHigh())
                + ", RED from "
                + Explanation.num(mapping.redHigh())
                + ")";
    String byLimitDa =
        mapping == CHART || mapping.groupDefault()
            ? ""
            : " (patientens grænser: GUL fra "
                + Explanation.num(mapping.yellowHigh())
                + ", RØD fra "
                + Explanation.num(mapping.redHigh())
                + ")";
    out.add(
        new Finding(
            AGGREGATE,
            VERSION,
            aggregateLevel,
            inputs,
            new Explanation(
                scoreText
                    + partialEn
                    + ", "
                    + scaleEn
                    + oxygenNoteEn
                    + ": "
                    + aggregateLevel
                    + byLimit
                    + ".",
                scoreText
                    + partialDa
                    + ", "
                    + scaleDa
                    + oxygenNoteDa
                    + ": "
                    + Words.levelDa(aggregateLevel)
                    + byLimitDa
                    + "."),
            aggregateLevel.compareTo(Level.CRITICAL) < 0));

    // Single-parameter-3 rule (NEWS2 RCP 2017), unless a doctor authored this patient's limit for
    // that parameter.
    List<String> threesEn = new ArrayList<>();
    List<String> threesDa = new ArrayList<>();
    Map<String, Object> singleInputs = new LinkedHashMap<>();
    for (var e : score.points().entrySet()) {
      if (e.getValue() < 3) continue;
      Optional<dk.telemonitoring.hub.reading.MeasurementType> type =
          set.latest().keySet().stream()
              .filter(t -> News2.parameterOf(t).orElse(null) == e.getKey())
              .findFirst();
      boolean overridden =
          in.config().personalLimits()
              && type.isPresent()
              && in.patient().limit(type.get().code()).map(l -> !l.groupDefault()).orElse(false);
      if (overridden) {
        singleInputs.put(e.getKey().name().toLowerCase() + "_overriddenByAuthoredLimit", true);
        continue;
      }
      String name = type.map(Words::nameEn).orElse(e.getKey().name().toLowerCase());
      String nameDa = type.map(Words::nameDa).orElse(e.getKey().name().toLowerCase());
      String v = type.map(t -> " " + Words.valueEn(t, set.value(t).orElseThrow())).orElse("");
      String vDa = type.map(t -> " " + Words.valueDa(t, set.value(t).orElseThrow())).orElse("");
      threesEn.add(name + v);
      threesDa.add(nameDa + vDa);
      singleInputs.put(e.getKey().name().toLowerCase(), e.getValue());
    }
    if (!threesEn.isEmpty()) {
      singleInputs.put("label", score.label());
      out.add(
          new Finding(
              SINGLE,
              VERSION,
              Level.RED,
              singleInputs,
              new Explanation(
                  Words.cap(String.join(", ", threesEn))
                      + " scores 3 on the NEWS2 chart: RED by the single-parameter rule.",
                  Words.cap(String.join(", ", threesDa))
                      + " giver 3 point på NEWS2-skemaet: RØD efter enkeltparameter-reglen."),
              true));
    } else if (score.points().values().stream().anyMatch(p -> p >= 0)) {
      out.add(
          new Finding(
              SINGLE,
              VERSION,
              Level.GREEN,
              singleInputs.isEmpty() ? Map.of("label", score.label()) : singleInputs,
              new Explanation(
                  "No NEWS2 parameter scores 3.", "Ingen NEWS2-parameter giver 3 point."),
              true));
    }
    return out;
  }
}
