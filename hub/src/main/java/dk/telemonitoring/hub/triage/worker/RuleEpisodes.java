package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.ClosedEpisodes;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Hysteresis;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.RuleState;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each rule's alert episode for a patient: the states triage loads (episodes whose alert a person
 * closed start afresh), and the hysteresis step per finding that opens, raises, lowers or clears
 * the rule's part of the patient's alert through the {@link AlertSink}.
 */
final class RuleEpisodes {

  private static final Logger LOG = LoggerFactory.getLogger(RuleEpisodes.class);

  private final AlertSink sink;

  RuleEpisodes(AlertSink sink) {
    this.sink = sink;
  }

  /**
   * The patient's rule states, with every episode whose alert is no longer open started afresh (and
   * saved so), so that after a person resolved the alert the next abnormal reading opens a new one
   * ({@link ClosedEpisodes}).
   */
  Future<Map<String, RuleState>> ruleStates(SqlConnection tx, UUID patientId, Instant at) {
    return ruleStates(tx, List.of(patientId), Map.of(patientId, at)).map(all -> all.get(patientId));
  }

  /**
   * As {@link #ruleStates(SqlConnection, UUID, Instant)} for each patient of a batch; an episode
   * started afresh is closed at its patient's {@code at}.
   */
  Future<Map<UUID, Map<String, RuleState>>> ruleStates(
      SqlConnection tx, List<UUID> patients, Map<UUID, Instant> at) {
    return PatientBatchSql.ruleStates(tx, patients)
        .compose(
            all ->
                sink.openRules(tx, patients)
                    .compose(
                        open -> {
                          List<Tuple> save = new ArrayList<>();
                          List<AfreshEpisode> close = new ArrayList<>();
                          for (UUID patientId : patients) {
                            List<RuleState> fresh =
                                ClosedEpisodes.startAfresh(
                                    all.get(patientId), open.getOrDefault(patientId, Set.of()));
                            for (RuleState s : fresh) {
                              LOG.info(
                                  "rule episode starts afresh, its alert was closed [patientId: {}, rule: {}]",
                                  patientId,
                                  s.ruleId());
                              close.add(
                                  new AfreshEpisode(patientId, s.ruleId(), at.get(patientId)));
                            }
                            save.addAll(TriageSql.ruleStateTuples(patientId, fresh));
                          }
                          return TriageSql.saveRuleStates(tx, save)
                              .compose(
                                  v ->
                                      Futures.sequence(
                                          close,
                                          c ->
                                              TriageSql.closeEpisode(
                                                  tx, c.patientId(), c.ruleId(), c.at())))
                              .map(v -> all);
                        }));
  }

  /** A rule episode started afresh because its alert was closed: closed at {@code at}. */
  private record AfreshEpisode(UUID patientId, String ruleId, Instant at) {}

  /** The states that differ from those loaded: what a batch saves. */
  static List<RuleState> changed(Map<String, RuleState> loaded, Map<String, RuleState> now) {
    return now.values().stream().filter(s -> !s.equals(loaded.get(s.ruleId()))).toList();
  }

  /**
   * Steps each rule's alert state in {@code states}; OPEN/RAISE signal, LOWER/CLEAR clear, all
   * inside {@code tx}. The caller saves the changed states once, after the patient's last reading.
   *
   * @param joinOnly the reading already raised its alert through the critical lane: its signals
   *     join the patient's open alert, never open another one
   */
  Future<Void> applyHysteresis(
      SqlConnection tx,
      PatientContext ctx,
      List<Finding> findings,
      Map<String, RuleState> states,
      Instant at,
      String ref,
      boolean continuous,
      boolean joinOnly) {
    return Futures.sequence(
        findings,
        f -> {
          RuleState before = states.getOrDefault(f.ruleId(), RuleState.none(f.ruleId()));
          Hysteresis.Step step = Hysteresis.step(before, f.level(), at, continuous);
          states.put(f.ruleId(), step.state());
          // The level the state steps to: a run of continuous samples opens at the lowest level it
          // held throughout.
          AlertSignal signal =
              new AlertSignal(
                  ctx.clinicId(),
                  ctx.patientId(),
                  f.ruleId(),
                  f.ruleVersion(),
                  step.state().level(),
                  f.explanation(),
                  f.inputs(),
                  at,
                  ref,
                  step.action() == Hysteresis.Action.OPEN);
          Function<Level, Future<Void>> clearTo =
              level ->
                  sink.clear(
                      tx,
                      new AlertClear(
                          ctx.clinicId(),
                          ctx.patientId(),
                          f.ruleId(),
                          level,
                          level == f.level() ? f.explanation() : null,
                          at,
                          ref));
          return switch (step.action()) {
            case OPEN, RAISE ->
                TriageSql.openEpisode(tx, ctx.patientId(), f.ruleId(), at, step.state().level())
                    .compose(v -> toAlert(tx, signal, states, joinOnly));
            case LOWER -> clearTo.apply(step.state().level());
            case CLEAR ->
                TriageSql.closeEpisode(tx, ctx.patientId(), f.ruleId(), at)
                    .compose(v -> clearTo.apply(Level.GREEN));
            case NONE ->
                joinsTheOpenEpisode(f, step, continuous)
                    ? toAlert(tx, signal, states, joinOnly)
                    : Future.<Void>succeededFuture();
          };
        });
  }

  /**
   * The signal to the patient's alert: joining only, for a reading the critical lane alerted on.
   */
  private Future<Void> toAlert(
      SqlConnection tx, AlertSignal signal, Map<String, RuleState> states, boolean joinOnly) {
    return joinOnly ? joinOrStartAfresh(tx, signal, states) : sink.signal(tx, signal);
  }

  /**
   * A further reading of an open episode at the episode's own level joins the patient's alert as
   * the rule's newest reading: the nurse deciding on the alert sees the value the patient has now,
   * and a resolve over a reading her screen had not shown is refused (the alerts module's {@code
   * SeenFindings}). Before, only a worse reading (or the critical lane, when it came first) updated
   * the finding, so a newer reading at the same level stayed off the alert. A patient's further
   * "call me" joins too (the alert shows the newest words). Continuous samples do not: a wearable's
   * every sample would be a write; their alert shows the run that opened it.
   */
  private static boolean joinsTheOpenEpisode(Finding f, Hysteresis.Step step, boolean continuous) {
    if (!step.state().open()) return false;
    if (TriageWorker.CONTACT_RULE.equals(f.ruleId())) return true;
    return !continuous && f.level().abnormal() && f.level() == step.state().level();
  }

  /**
   * A reading the critical lane alerted on joins the patient's open alert. When there is none, a
   * person resolved the lane's alert before full triage came to the reading: the reading was seen
   * and acted on, so it opens nothing, and its rule starts afresh at once, so that the patient's
   * next abnormal reading in this same batch opens a new alert (the batch read the open rules
   * before the reading; without this that reading would count as more of the closed episode).
   */
  private Future<Void> joinOrStartAfresh(
      SqlConnection tx, AlertSignal signal, Map<String, RuleState> states) {
    return sink.join(tx, signal)
        .compose(
            joined -> {
              if (joined) return Future.succeededFuture();
              states.put(signal.ruleId(), RuleState.afresh(states.get(signal.ruleId())));
              LOG.info(
                  "rule episode starts afresh, its alert was closed [patientId: {}, rule: {}]",
                  signal.patientId(),
                  signal.ruleId());
              return TriageSql.closeEpisode(
                  tx, signal.patientId(), signal.ruleId(), signal.measuredAt());
            });
  }
}
