package dk.telemonitoring.alerts.escalation;

import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.AlertsConfig;
import dk.telemonitoring.alerts.Policies;
import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.EscalationPlan;
import dk.telemonitoring.alerts.domain.EscalationStepNote;
import dk.telemonitoring.alerts.domain.NamedPerson;
import dk.telemonitoring.alerts.domain.OnCallSchedule;
import dk.telemonitoring.alerts.domain.Recipient;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due escalation timers. Timers live in escalation_timers; each round claims due timers
 * together with their alerts ({@code FOR UPDATE ... SKIP LOCKED}) in one transaction, creates the
 * step's notifications (unique de-duplication key), moves the alert to ESCALATED when a doctor is
 * paged, and advances or removes the timer. So a restarted engine picks up where the last one
 * stopped, and of several engines (instances) each step fires once.
 */
public final class EscalationEngine extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EscalationEngine.class);

  /** In a step's note when a role it pages had nobody on call (counted by OperationsFigures). */
  public static final String NOBODY_ON_CALL = "; nobody on call as ";

  private final Pool pool;
  private final AlertsConfig config;
  private final Clock clock;
  private final AlertStore alerts = new AlertStore();
  private final ScheduleStore schedules = new ScheduleStore();
  private final NotificationStore notifications = new NotificationStore();
  private final Policies policies;
  private final AckTokens tokens;
  private long timerId = -1;
  private boolean running;

  /** A wake came during a round: the round may have looked before that alert committed. */
  private boolean again;

  public EscalationEngine(Pool pool, AlertsConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.policies = new Policies(config, schedules);
    this.tokens = new AckTokens(config.ackTokenSecret());
  }

  @Override
  public Future<?> start() {
    timerId = vertx.setPeriodic(config.engineInterval().toMillis(), id -> tick());
    LOG.info("escalation engine started [interval: {}]", config.engineInterval());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  /**
   * Runs a round now rather than at the next tick, e.g. when an alert was committed: a CRITICAL
   * alert's first page is due at once. Safe from any thread.
   */
  public void wake() {
    if (context != null) {
      context.runOnContext(v -> tick());
    }
  }

  /** On the engine's context only (its timer and {@link #wake}), so the flags need no locking. */
  private void tick() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    runOnce()
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                LOG.warn("escalation round failed [error: {}]", ar.cause().toString());
              }
              // A full batch leaves more that is due; a wake during the round may be an alert the
              // round's query did not see yet. Either would otherwise wait for the next tick.
              boolean full = ar.succeeded() && ar.result() >= config.engineBatchSize();
              if (again || full) {
                tick();
              }
            });
  }

  /**
   * One round: fires every due timer it can claim (up to the batch size). Returns how many fired.
   */
  public Future<Integer> runOnce() {
    Instant now = clock.instant();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "SELECT t.generation, t.phase, t.step_index, t.repeat, a.*"
                        + " FROM escalation_timers t JOIN alerts a ON a.id = t.alert_id WHERE t.due_at <= $1"
                        + " ORDER BY t.due_at LIMIT $2 FOR UPDATE OF t, a SKIP LOCKED")
                .execute(Tuple.of(ts(now), config.engineBatchSize()))
                .compose(
                    rows -> {
                      List<Row> list = new ArrayList<>();
                      rows.forEach(list::add);
                      Future<Integer> chain = Future.succeededFuture(0);
                      for (Row r : list) {
                        chain =
                            chain.compose(n -> fire(tx, r, now).map(fired -> fired ? n + 1 : n));
                      }
                      return chain;
                    }));
  }

  private Future<Boolean> fire(SqlConnection tx, Row row, Instant now) {
    Alert alert = AlertStore.toAlert(row);
    int generation = row.getInteger("generation");
    EscalationPlan.Position pos =
        new EscalationPlan.Position(
            EscalationPhase.valueOf(row.getString("phase")),
            row.getInteger("step_index"),
            row.getInteger("repeat"));
    boolean stale =
        pos.phase() == EscalationPhase.UNACKNOWLEDGED
            ? !alert.state().isUnacknowledged()
            : alert.state() != AlertState.ACKNOWLEDGED;
    if (stale) {
      return alerts.deleteTimer(tx, alert.id()).map(false);
    }
    if (alert.snoozedUntil() != null && alert.snoozedUntil().isAfter(now)) {
      return alerts.holdTimer(tx, alert.id(), alert.snoozedUntil()).map(false);
    }
    return policies
        .policyFor(tx, alert.clinicId(), alert.level())
        .compose(
            policy -> {
              Optional<EscalationPlan.Firing> firing = EscalationPlan.fire(policy, pos);
              if (firing.isEmpty()) {
                return alerts.deleteTimer(tx, alert.id()).map(false);
              }
              EscalationPlan.Firing f = firing.get();
              return schedules
                  .schedule(tx, alert.clinicId(), now)
                  .compose(schedule -> page(tx, alert, generation, pos, f, schedule, now))
                  .compose(note -> recordStep(tx, alert, pos, f, note, now))
                  .compose(x -> advance(tx, alert.id(), generation, f, now))
                  .map(true);
            });
  }

  /** Creates the step's notifications; returns a note for the alert's history. */
  private Future<String> page(
      SqlConnection tx,
      Alert alert,
      int generation,
      EscalationPlan.Position pos,
      EscalationPlan.Firing f,
      OnCallSchedule schedule,
      Instant now) {
    Map<String, String> people = new LinkedHashMap<>(); // person -> role paged as
    List<String> unstaffed = new ArrayList<>();
    for (Recipient r : new TreeSet<>(f.step().recipients())) {
      Optional<String> person =
          r == Recipient.ACKNOWLEDGER && alert.acknowledgedBy() != null
              ? Optional.of(alert.acknowledgedBy())
              : schedule
                  .at(
                      r.role().orElse(dk.telemonitoring.alerts.domain.OnCallRole.ONCALL_DOCTOR),
                      now)
                  .map(s -> s.personId());
      if (person.isPresent()) {
        people.putIfAbsent(person.get(), r.name());
      } else {
        unstaffed.add(r.name());
      }
    }
    // Named people are paged whoever is on call; someone who is also on call keeps the role label.
    for (NamedPerson named : new TreeSet<>(f.step().people())) {
      people.putIfAbsent(named.personId(), named.pagedAs());
    }
    if (!unstaffed.isEmpty()) {
      LOG.warn(
          "nobody on call to page [alertId: {}, clinic: {}, roles: {}]",
          alert.id(),
          alert.clinicId(),
          unstaffed);
    }
    return schedules
        .contacts(tx, new ArrayList<>(people.keySet()))
        .compose(
            contacts -> {
              Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
              for (Map.Entry<String, String> e : people.entrySet()) {
                Contact c = contacts.get(e.getKey());
                if (c == null) {
                  LOG.warn(
                      "paged person has no active contact [alertId: {}, personId: {}]",
                      alert.id(),
                      e.getKey());
                  continue;
                }
                for (Channel channel : new TreeSet<>(f.step().channels())) {
                  Optional<String> address = c.address(channel);
                  if (address.isEmpty()) {
                    continue;
                  }
                  UUID id = UUID.randomUUID();
                  String dedup =
                      alert.id()
                          + ":"
                          + generation
                          + ":"
                          + pos.key()
                          + ":"
                          + c.personId()
                          + ":"
                          + channel;
                  chain =
                      chain.compose(
                          sent ->
                              notifications
                                  .insertOnce(
                                      tx,
                                      id,
                                      alert.id(),
                                      dedup,
                                      c.personId(),
                                      channel,
                                      address.get(),
                                      e.getValue(),
                                      pos.phase() == EscalationPhase.ACKNOWLEDGED,
                                      now,
                                      AckTokens.hash(tokens.tokenFor(id)),
                                      now.plus(config.ackTokenTtl()))
                                  .map(
                                      created -> {
                                        if (created) {
                                          sent.add(
                                              EscalationStepNote.page(
                                                  c.personId(), e.getValue(), channel));
                                        }
                                        return sent;
                                      }));
                }
              }
              return chain.map(
                  sent ->
                      (sent.isEmpty()
                              ? "nobody could be notified"
                              : "notified " + String.join(", ", sent))
                          + (unstaffed.isEmpty() ? "" : NOBODY_ON_CALL + unstaffed));
            });
  }

  private Future<Void> recordStep(
      SqlConnection tx,
      Alert a,
      EscalationPlan.Position pos,
      EscalationPlan.Firing f,
      String note,
      Instant now) {
    String stepNote =
        "step "
            + (pos.stepIndex() + 1)
            + (pos.repeat() > 0 ? " repeat " + pos.repeat() : "")
            + ": "
            + note;
    if (pos.phase() == EscalationPhase.ACKNOWLEDGED) {
      AlertStateMachine.next(a.state(), AlertAction.REMIND);
      return alerts.recordTransition(
          tx,
          a.id(),
          now,
          AlertService.ENGINE_ACTOR,
          AlertAction.REMIND,
          a.state(),
          a.state(),
          a.level(),
          a.level(),
          stepNote);
    }
    if (f.step().pagesDoctor()) {
      Alert after = a.escalated(now, null);
      return alerts
          .update(tx, after, now)
          .compose(
              x ->
                  alerts.recordTransition(
                      tx,
                      a.id(),
                      now,
                      AlertService.ENGINE_ACTOR,
                      AlertAction.ESCALATE,
                      a.state(),
                      after.state(),
                      a.level(),
                      a.level(),
                      stepNote));
    }
    return alerts.recordTransition(
        tx,
        a.id(),
        now,
        AlertService.ENGINE_ACTOR,
        AlertAction.NOTE,
        a.state(),
        a.state(),
        a.level(),
        a.level(),
        stepNote);
  }

  private Future<Void> advance(
      SqlConnection tx, UUID alertId, int generation, EscalationPlan.Firing f, Instant now) {
    if (f.next().isEmpty()) {
      return alerts.deleteTimer(tx, alertId);
    }
    EscalationPlan.Next next = f.next().get();
    return tx.preparedQuery(
            "UPDATE escalation_timers SET phase = $3, step_index = $4, repeat = $5, due_at = $6,"
                + " fired_count = fired_count + 1 WHERE alert_id = $1 AND generation = $2")
        .execute(
            Tuple.from(
                new Object[] {
                  alertId,
                  generation,
                  next.position().phase().name(),
                  next.position().stepIndex(),
                  next.position().repeat(),
                  ts(now.plus(next.delay()))
                }))
        .mapEmpty();
  }
}
