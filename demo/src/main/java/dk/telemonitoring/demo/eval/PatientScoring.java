package dk.telemonitoring.demo.eval;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.ingest.PayloadDecoder;
import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Hysteresis;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.RuleState;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.TriageOutcome;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.device.Payloads;
import dk.telemonitoring.sim.device.SpirometryBlows;
import dk.telemonitoring.sim.json.JsonText;
import dk.telemonitoring.sim.patient.VitalSigns;
import dk.telemonitoring.sim.random.Seeds;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scores one patient in one arm of a {@link DeviceSimEvaluation}: triages the stored measurement
 * sets in order, with the simulated patient's repeats and the personal bests the worker raises, and
 * counts detections and false alerts against the simulator's ground-truth episodes.
 */
final class PatientScoring {

  private PatientScoring() {}

  /** One patient through one arm; the loop mirrors {@link TriageEvaluation#run}. */
  static PatientScore score(
      TriageEngine engine,
      CohortPatient p,
      List<StoredSet> sets,
      DeviceSimOptions o,
      PayloadDecoder decoder) {
    TriageConfig config = engine.config();
    Condition condition = DeviceSimEvaluation.condition(p);
    List<TruthEpisode> truth =
        p.episodes().stream().map(e -> TruthEpisode.of(e, condition, o.end())).toList();
    Instant[] detectedAt = new Instant[truth.size()];
    boolean[] detectedByCase = new boolean[truth.size()];
    SplittableRandom rnd = new SplittableRandom(Seeds.mix(p.profile().seed(), 0x4E9EA7L));
    PatientContext ctx =
        PatientContext.enrolled(
            p.profile().id(), DeviceSimEvaluation.CLINIC, condition, "da", o.start());
    List<Observation> history = new ArrayList<>();
    Map<String, RuleState> states = new HashMap<>();
    EpisodeLog alertEpisodes = new EpisodeLog();
    CaseLog cases = new CaseLog();
    boolean limitsSet = false;
    int alerts = 0;
    int falseAlerts = 0;
    int caseCount = 0;
    int falseCases = 0;
    int asked = 0;
    int done = 0;
    for (StoredSet s : sets) {
      Instant at = s.measuredAt();
      if (config.personalLimits() && !limitsSet && !at.isBefore(o.scoredFrom())) {
        ctx = TriageEvaluation.doctorSetsLimits(ctx, history, o.scoredFrom());
        limitsSet = true;
      }
      Instant horizon = at.minus(Baseline.LOOKBACK).minus(Duration.ofDays(2));
      history.removeIf(x -> x.measuredAt().isBefore(horizon));
      ctx = ctx.withAlertEpisodes(alertEpisodes.suspected());
      TriageOutcome out =
          engine.evaluate(ctx, s.observations(), history).withoutPointlessRepeat(states);
      history.addAll(s.observations());
      List<Observation> triaged = s.observations();
      Instant alertAt = s.receivedAt();
      Instant stepAt = at;
      if (out.repeatRequested()) {
        asked++;
        StoredSet repeat =
            rnd.nextDouble() < TriageEvaluation.REPEAT_COMPLIANCE
                ? repeatOf(p, s, at.plus(TriageEvaluation.REPEAT_AFTER), rnd, decoder)
                : null;
        if (repeat != null) {
          done++;
          out = engine.evaluate(ctx, repeat.observations(), history);
          history.addAll(repeat.observations());
          triaged = repeat.observations();
          stepAt = repeat.measuredAt();
          alertAt = repeat.receivedAt();
        } else {
          // No repeat came: the hub alarms the deferred finding when the repeat window has passed.
          out =
              new TriageOutcome(
                  out.measuredAt(), out.level(), out.findings(), out.passive(), false, true, false);
          Instant windowEnd = at.plus(config.repeatWindow());
          alertAt = windowEnd.isAfter(alertAt) ? windowEnd : alertAt;
        }
      }
      boolean opened = false;
      boolean raised = false;
      boolean caseOpened = false;
      boolean caseAlerted = false;
      boolean continuous = triaged.stream().anyMatch(Observation::continuous);
      for (Finding f : out.findings()) {
        RuleState before = states.getOrDefault(f.ruleId(), RuleState.none(f.ruleId()));
        Hysteresis.Step step = Hysteresis.step(before, f.level(), stepAt, continuous);
        states.put(f.ruleId(), step.state());
        alertEpisodes.record(f.ruleId(), step, stepAt);
        CaseLog.Event event = cases.record(f.ruleId(), step.action());
        opened |= step.action() == Hysteresis.Action.OPEN;
        raised |= step.action() == Hysteresis.Action.RAISE;
        caseOpened |= event == CaseLog.Event.OPENED;
        caseAlerted |= event.alerting();
      }
      if (!out.passive()
          && out.level() == Level.GREEN
          && states.values().stream().noneMatch(RuleState::open)) {
        ctx = raisePersonalBest(ctx, triaged);
      }
      if (at.isBefore(o.scoredFrom())) continue;
      Instant t = stepAt;
      if (opened) {
        alerts++;
        if (truth.stream().noneMatch(e -> e.explains(t))) falseAlerts++;
      }
      if (caseOpened) {
        caseCount++;
        if (truth.stream().noneMatch(e -> e.explains(t))) falseCases++;
      }
      for (int i = 0; i < truth.size(); i++) {
        if (!truth.get(i).detects(t)) continue;
        if (detectedAt[i] == null && (opened || raised)) detectedAt[i] = alertAt;
        if (caseAlerted) detectedByCase[i] = true;
      }
    }
    int episodes = 0;
    int detected = 0;
    int censored = 0;
    int detectedCases = 0;
    List<Double> delays = new ArrayList<>();
    for (int i = 0; i < truth.size(); i++) {
      TruthEpisode e = truth.get(i);
      if (!e.scored()) {
        censored++;
        continue;
      }
      episodes++;
      if (detectedByCase[i]) detectedCases++;
      if (detectedAt[i] != null) {
        detected++;
        delays.add(Duration.between(e.onset(), detectedAt[i]).toMinutes() / 1440.0);
      }
    }
    return new PatientScore(
        condition,
        episodes,
        detected,
        delays,
        alerts,
        falseAlerts,
        caseCount,
        falseCases,
        detectedCases,
        censored,
        asked,
        done);
  }

  /**
   * As the triage worker does: a usable graded session on a GREEN, stable reading raises the
   * personal best.
   */
  private static PatientContext raisePersonalBest(PatientContext ctx, List<Observation> message) {
    for (Observation x : message) {
      if (!x.usable() || x.grade() == null) continue;
      if (x.type() != MeasurementType.FEV1
          && x.type() != MeasurementType.PEF
          && x.type() != MeasurementType.FVC) {
        continue;
      }
      Double best = ctx.personalBest().get(x.type());
      if (best == null || best < x.value()) ctx = ctx.withPersonalBest(x.type(), x.value());
    }
    return ctx;
  }

  /**
   * The simulated patient answers a repeat request: the same device measures again after rest at
   * {@code at}, with the simulator's physiology at that moment and its device noise (as in
   * PatientMessageGenerator), through the hub's decoder. Null when the message kind cannot be
   * repeated or the repeat would be rejected.
   */
  static StoredSet repeatOf(
      CohortPatient p,
      StoredSet original,
      Instant at,
      SplittableRandom rnd,
      PayloadDecoder decoder) {
    VitalSigns v = p.physiology().at(at);
    String msgId = "r" + original.msgId();
    Instant sentAt = at.plusSeconds(2);
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("rest", true);
    Map<String, Object> payload;
    if ("measurement".equals(original.kind())) {
      long sys = Math.round(v.systolic() + 3 * rnd.nextGaussian());
      long dia = Math.min(sys - 15, Math.round(v.diastolic() + 2 * rnd.nextGaussian()));
      List<Payloads.Value> values = new ArrayList<>();
      for (Observation x : original.observations()) {
        switch (x.type()) {
          case SPO2 -> {
            values.add(
                new Payloads.Value(
                    "spo2",
                    Math.max(50, Math.min(100, Math.round(v.spo2() + 0.5 * rnd.nextGaussian()))),
                    "%"));
            ctx.put("oxygen", p.profile().onOxygen());
          }
          case PULSE ->
              values.add(
                  new Payloads.Value(
                      "pulse", Math.round(v.pulse() + 2 * rnd.nextGaussian()), "/min"));
          case TEMPERATURE ->
              values.add(
                  new Payloads.Value(
                      "temperature", round1(v.temperature() + 0.1 * rnd.nextGaussian()), "Cel"));
          case WEIGHT ->
              values.add(
                  new Payloads.Value(
                      "weight", round1(v.weight() + 0.05 * rnd.nextGaussian()), "kg"));
          case BP_SYSTOLIC -> values.add(new Payloads.Value("bp_systolic", sys, "mm[Hg]"));
          case BP_DIASTOLIC -> values.add(new Payloads.Value("bp_diastolic", dia, "mm[Hg]"));
          default -> {
            return null;
          }
        }
      }
      payload = Payloads.measurement(msgId, at, sentAt, values, ctx);
    } else if ("spirometry".equals(original.kind())) {
      payload =
          Payloads.spirometry(
              msgId,
              at,
              sentAt,
              SpirometryBlows.session(v, p.profile().spirometryTechnique(), rnd),
              ctx);
    } else {
      return null;
    }
    try {
      DeviceMessage m =
          decoder.decode(
              new DeviceTopic(DeviceSimEvaluation.CLINIC, original.deviceId()),
              Buffer.buffer(JsonText.write(payload).getBytes(StandardCharsets.UTF_8)),
              sentAt);
      if (!(m instanceof MeasurementSet set)) return null;
      return new StoredSet(
          set.deviceId(),
          set.msgId(),
          set.kind(),
          set.measuredAt(),
          sentAt,
          set.readings().stream().map(SimulatedIngest::observation).toList());
    } catch (RejectedException e) {
      return null;
    }
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
