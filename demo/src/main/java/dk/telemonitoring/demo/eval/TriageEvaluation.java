package dk.telemonitoring.demo.eval;

import dk.telemonitoring.demo.eval.SyntheticCohort.SimPatient;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Hysteresis;
import dk.telemonitoring.hub.triage.News2;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.ObservationSet;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.RuleState;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.TriageOutcome;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Runs labelled synthetic patients through one engine configuration and measures sensitivity
 * (episodes with an alert between onset and end), median detection delay and alerts per
 * patient-week. An alert is a reading on which at least one rule opens an alert (after hysteresis);
 * a case is the patient's one open alert ({@link CaseLog}), opened on a reading on which a rule
 * opens while none is open; a deferred repeat-before-alert counts only if the repeat confirms it or
 * no repeat comes. The first {@link SyntheticCohort#RUN_IN_DAYS} days are a run-in and are not
 * counted; after the run-in, the "doctor" of the full-engine arm sets personal limits from the
 * run-in data.
 */
public final class TriageEvaluation {

  /**
   * Result of one arm. {@code alerts} counts rule episodes opening, {@code cases} the patient's
   * case opening ({@link CaseLog}: what a nurse sees since one alert per patient); {@code
   * detectedByCase} counts the episodes a case detected, a check that equals {@code detected}.
   */
  public record Result(
      String arm,
      int patients,
      double patientWeeks,
      int episodes,
      int detected,
      double medianDelayDays,
      int alerts,
      int falseAlerts,
      int cases,
      int falseCases,
      int detectedByCase) {

    public double sensitivity() {
      return episodes == 0 ? Double.NaN : (double) detected / episodes;
    }

    public double alertsPerPatientWeek() {
      return alerts / patientWeeks;
    }

    public double falseAlertsPerPatientWeek() {
      return falseAlerts / patientWeeks;
    }

    public double casesPerPatientWeek() {
      return cases / patientWeeks;
    }

    public double falseCasesPerPatientWeek() {
      return falseCases / patientWeeks;
    }
  }

  /**
   * Share of repeat requests the simulated patient answers with a repeat after rest (judgement).
   */
  static final double REPEAT_COMPLIANCE = 0.9;

  /** A repeat is measured this long after the reading that asked for it (5-10 min of rest). */
  static final Duration REPEAT_AFTER = Duration.ofMinutes(8);

  /**
   * Alerts up to this long after an episode's end still belong to it (recovery), so are not false
   * alerts.
   */
  static final Duration EPISODE_TAIL = Duration.ofDays(3);

  private TriageEvaluation() {}

  public static Result run(
      String arm, TriageConfig config, List<SimPatient> cohort, int weeks, long seed) {
    TriageEngine engine = new TriageEngine(config);
    int episodes = 0;
    int detected = 0;
    int alerts = 0;
    int falseAlerts = 0;
    int cases = 0;
    int falseCases = 0;
    int detectedByCase = 0;
    List<Double> delays = new ArrayList<>();
    for (SimPatient sp : cohort) {
      Random rnd = new Random(seed * 1_000_003L + sp.id());
      PatientContext ctx =
          PatientContext.enrolled(
              new UUID(0, sp.id()), "sim", sp.condition(), "da", SyntheticCohort.START);
      List<Observation> history = new ArrayList<>();
      Map<String, RuleState> states = new HashMap<>();
      EpisodeLog episodesSeen = new EpisodeLog();
      CaseLog caseLog = new CaseLog();
      Instant firstAlertInEpisode = null;
      boolean caseDetected = false;
      int days = SyntheticCohort.RUN_IN_DAYS + weeks * 7;
      boolean limitsSet = false;
      for (int day = 0; day < days; day++) {
        if (config.personalLimits() && !limitsSet && day >= SyntheticCohort.RUN_IN_DAYS) {
          ctx = doctorSetsLimits(ctx, history, SyntheticCohort.START.plus(Duration.ofDays(day)));
          limitsSet = true;
        }
        int perDay = sp.condition() == Condition.HEART_FAILURE ? 1 : 2;
        for (int k = 0; k < perDay; k++) {
          Instant at =
              SyntheticCohort.START
                  .plus(Duration.ofDays(day))
                  .plus(Duration.ofHours(7 + 11 * k))
                  .plus(Duration.ofMinutes(rnd.nextInt(60)));
          ctx = ctx.withAlertEpisodes(episodesSeen.suspected());
          List<Observation> msg = measure(sp, at, rnd, "m" + day + "-" + k);
          TriageOutcome out = engine.evaluate(ctx, msg, history).withoutPointlessRepeat(states);
          history.addAll(msg);
          if (out.repeatRequested()) {
            if (rnd.nextDouble() < REPEAT_COMPLIANCE) {
              Instant again = at.plus(REPEAT_AFTER);
              List<Observation> repeat = measure(sp, again, rnd, "r" + day + "-" + k);
              out = engine.evaluate(ctx, repeat, history);
              history.addAll(repeat);
              at = again;
            } else {
              out =
                  new TriageOutcome(
                      out.measuredAt(),
                      out.level(),
                      out.findings(),
                      out.passive(),
                      false,
                      true,
                      false);
              at = at.plus(config.repeatWindow());
            }
          }
          boolean opened = false;
          boolean raised = false;
          boolean caseOpened = false;
          boolean caseAlerted = false;
          for (Finding f : out.findings()) {
            RuleState before = states.getOrDefault(f.ruleId(), RuleState.none(f.ruleId()));
            Hysteresis.Step step = Hysteresis.step(before, f.level(), at);
            states.put(f.ruleId(), step.state());
            episodesSeen.record(f.ruleId(), step, at);
            CaseLog.Event event = caseLog.record(f.ruleId(), step.action());
            opened |= step.action() == Hysteresis.Action.OPEN;
            raised |= step.action() == Hysteresis.Action.RAISE;
            caseOpened |= event == CaseLog.Event.OPENED;
            caseAlerted |= event.alerting();
          }
          if (day < SyntheticCohort.RUN_IN_DAYS) continue;
          boolean inEpisode = sp.episode() != null && sp.episode().effect(at) > 0;
          boolean nearEpisode =
              sp.episode() != null
                  && !at.isBefore(sp.episode().onset())
                  && at.isBefore(
                      sp.episode().onset().plus(sp.episode().duration()).plus(EPISODE_TAIL));
          if (opened) {
            alerts++;
            if (!nearEpisode) falseAlerts++;
          }
          if (caseOpened) {
            cases++;
            if (!nearEpisode) falseCases++;
          }
          caseDetected |= inEpisode && caseAlerted;
          if (inEpisode && (opened || raised) && firstAlertInEpisode == null) {
            firstAlertInEpisode = at;
          }
        }
        ctx = ctx.withAlertEpisodes(episodesSeen.suspected());
        prune(
            history,
            SyntheticCohort.START
                .plus(Duration.ofDays(day))
                .minus(Baseline.LOOKBACK)
                .minus(Duration.ofDays(2)));
      }
      if (sp.episode() != null) {
        episodes++;
        if (caseDetected) detectedByCase++;
        if (firstAlertInEpisode != null) {
          detected++;
          delays.add(
              Duration.between(sp.episode().onset(), firstAlertInEpisode).toMinutes() / 1440.0);
        }
      }
    }
    double median = delays.isEmpty() ? Double.NaN : Baseline.median(delays);
    return new Result(
        arm,
        cohort.size(),
        cohort.size() * (double) weeks,
        episodes,
        detected,
        median,
        alerts,
        falseAlerts,
        cases,
        falseCases,
        detectedByCase);
  }

  private static void prune(List<Observation> history, Instant before) {
    history.removeIf(o -> o.measuredAt().isBefore(before));
  }

  private static List<Observation> measure(SimPatient sp, Instant at, Random rnd, String msgId) {
    double e = sp.episode() == null ? 0 : sp.episode().effect(at);
    double drop = sp.episode() == null ? 0 : e * sp.episode().spo2Drop();
    double spo2 = Math.min(100, Math.round(sp.spo2() - drop + rnd.nextGaussian()));
    double pulse =
        Math.round(
            sp.pulse()
                + (sp.episode() == null ? 0 : e * sp.episode().pulseRise())
                + rnd.nextGaussian() * 5);
    String ref = "sim-" + sp.id() + "/" + msgId;
    List<Observation> msg = new ArrayList<>();
    msg.add(
        new Observation(
            MeasurementType.SPO2, spo2, at, false, null, null, java.util.Set.of(), ref));
    msg.add(
        new Observation(
            MeasurementType.PULSE, pulse, at, false, null, null, java.util.Set.of(), ref));
    if (sp.condition() == Condition.HEART_FAILURE) {
      double w =
          sp.weight()
              + (sp.episode() == null ? 0 : e * sp.episode().weightGain())
              + rnd.nextGaussian() * 0.4;
      msg.add(
          new Observation(
              MeasurementType.WEIGHT,
              Math.round(w * 10) / 10.0,
              at,
              null,
              null,
              null,
              java.util.Set.of(),
              ref));
    }
    return msg;
  }

  /**
   * What a doctor does after the run-in (TeleKOL, TeleCare Nord per
   * docs/clinical-reference.md#per-patient-limits): limits around the patient's habitual values,
   * never looser than the CRITICAL floors.
   */
  static PatientContext doctorSetsLimits(PatientContext ctx, List<Observation> runIn, Instant at) {
    double spo2 = median(runIn, MeasurementType.SPO2);
    double pulse = median(runIn, MeasurementType.PULSE);
    if (Double.isNaN(spo2) || Double.isNaN(pulse)) return ctx;
    double habitual = habitualNews2(ctx, runIn);
    String why = "set after run-in from habitual values";
    double cLow = Math.max(85, spo2 - 7);
    double rLow = Math.max(cLow + 1, spo2 - 5);
    double yLow = Math.max(rLow + 1, spo2 - 3);
    double yNews = Math.min(5, habitual + 2);
    double rNews = Math.min(6, Math.max(yNews + 1, habitual + 3));
    ctx = withSystolicLimit(ctx, runIn, why, at);
    return ctx.withLimit(
            new PatientLimit(
                "spo2",
                cLow,
                rLow,
                yLow,
                null,
                null,
                null,
                "sim-doctor",
                why,
                at,
                at.plus(PatientLimit.DEFAULT_REVIEW),
                false))
        .withLimit(
            new PatientLimit(
                "pulse",
                35.0,
                40.0,
                45.0,
                Math.min(130, pulse + 25),
                Math.min(145, pulse + 40),
                150.0,
                "sim-doctor",
                why,
                at,
                at.plus(PatientLimit.DEFAULT_REVIEW),
                false))
        .withLimit(
            new PatientLimit(
                "news2",
                null,
                null,
                null,
                yNews,
                rNews,
                7.0,
                "sim-doctor",
                why,
                at,
                at.plus(PatientLimit.DEFAULT_REVIEW),
                false));
  }

  /**
   * The median NEWS2 of the run-in's sets with an SpO2, formed as triage forms them: one per
   * message, taking every value within the observation window (a blood pressure or temperature
   * taken minutes before counts).
   */
  private static double habitualNews2(PatientContext ctx, List<Observation> runIn) {
    List<Double> news = new ArrayList<>();
    runIn.stream()
        .map(Observation::measuredAt)
        .distinct()
        .forEach(
            at -> {
              ObservationSet set = ObservationSet.ending(at, ObservationSet.DEFAULT_WINDOW, runIn);
              News2.Score score = News2.score(set, ctx.scaleAt(at));
              if (score.points().containsKey(News2.Parameter.SPO2))
                news.add((double) score.total());
            });
    return news.isEmpty() ? 0 : Baseline.median(news);
  }

  /**
   * Heart failure only (the one group with a systolic limit): a patient whose usual systolic
   * pressure runs near the group's 100 mmHg gets lower limits, as a doctor would for a treated
   * patient who is well at that pressure (ESC 2021 heart-failure guideline: asymptomatic
   * hypotension alone is no reason to reduce treatment). The CRITICAL floor of 80 stays.
   */
  private static PatientContext withSystolicLimit(
      PatientContext ctx, List<Observation> runIn, String why, Instant at) {
    double systolic = median(runIn, MeasurementType.BP_SYSTOLIC);
    if (ctx.condition() != Condition.HEART_FAILURE || Double.isNaN(systolic)) return ctx;
    double rLow = Math.max(81, Math.min(90, systolic - 25));
    double yLow = Math.max(rLow + 1, Math.min(100, systolic - 15));
    return ctx.withLimit(
        new PatientLimit(
            "bp_systolic",
            80.0,
            rLow,
            yLow,
            Math.max(170, systolic + 35),
            200.0,
            240.0,
            "sim-doctor",
            why,
            at,
            at.plus(PatientLimit.DEFAULT_REVIEW),
            false));
  }

  private static double median(List<Observation> obs, MeasurementType t) {
    List<Double> v = obs.stream().filter(o -> o.type() == t).map(Observation::value).toList();
    return v.isEmpty() ? Double.NaN : Baseline.median(v);
  }
}
