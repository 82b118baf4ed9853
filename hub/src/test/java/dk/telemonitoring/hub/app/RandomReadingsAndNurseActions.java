package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertException;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import dk.telemonitoring.hub.triage.worker.AlertSink;
import dk.telemonitoring.hub.triage.worker.CriticalLane;
import dk.telemonitoring.hub.triage.worker.TriageWorker;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The generator and model of the one-alert-per-patient property: from a seed, a walk of {@link
 * #STEPS} random steps for a new patient, each a reading of a random {@link Kind} a random gap
 * after the last (triaged at once, or with the lane by the critical lane first and full triage in a
 * later batch) or a nurse's random action on the open alert; after every step, each abnormal
 * finding of the latest reading whose rule's conditions hold must be a live finding of the
 * patient's open alert, and the patient must never have more than one open alert. A person's
 * resolve ends the case.
 */
abstract class RandomReadingsAndNurseActions extends OneAlertPerPatientFixture {

  private static final int STEPS = 14;

  private static final List<Duration> GAPS =
      List.of(
          Duration.ofMinutes(2),
          Duration.ofMinutes(8),
          Duration.ofMinutes(25),
          Duration.ofMinutes(90),
          Duration.ofHours(6));

  Nurse nurseOf(AlertService alerts) {
    return (patient, action) -> {
      Optional<Alert> open = openAlert(alerts, patient);
      if (open.isEmpty()) {
        return;
      }
      UUID id = open.get().id();
      try {
        switch (action) {
          case 0 -> alerts.acknowledge(id, "nurse-p", null).await();
          case 1 -> alerts.resolve(id, "nurse-p", CareOutcome.ADVICE_BY_PHONE, null).await();
          case 2 -> alerts.snoozeUntilClear(id, "nurse-p", null).await();
          default ->
              alerts.snooze(id, "nurse-p", clock.instant().plus(Duration.ofHours(1)), null).await();
        }
      } catch (AlertException | IllegalArgumentException refused) {
        // Not allowed in the alert's state or level (e.g. snoozing CRITICAL): the nurse's
        // action changes nothing.
      }
    };
  }

  /**
   * A nurse's action on the patient's open alert: 0 acknowledge, 1 resolve, 2 snooze until clear, 3
   * snooze.
   */
  interface Nurse {
    void act(UUID patient, int action);
  }

  void run(long seed, AlertSink sink, Nurse nurse) {
    run(seed, sink, nurse, false);
  }

  /**
   * @param withLane the critical lane may alert on a CRITICAL reading first, and full triage may
   *     leave readings to a later batch
   */
  void run(long seed, AlertSink sink, Nurse nurse, boolean withLane) {
    Random random = new Random(seed);
    UUID patient = createPatient();
    TriageEngine engine = new TriageEngine(TriageConfig.full());
    Duration window = engine.config().repeatWindow();
    TriageWorker worker =
        new TriageWorker(vertx, pool, sink, engine, 50, Duration.ofHours(1), clock);
    CriticalLane lane = lane(sink, engine);
    Instant t = START.plus(Duration.ofDays(random.nextInt(30)));
    clock.set(t);
    String latest = null;
    List<String> trace = new ArrayList<>();
    for (int step = 0; step <= STEPS; step++) {
      if (step == STEPS) {
        // Whatever full triage left, it takes in the end.
        worker.drainAll().await();
        trace.add("triage");
      } else if (step > 0 && random.nextInt(withLane ? 3 : 4) == 0) {
        // With the lane, the nurse resolves more often: the race it runs is with a resolve.
        int action = withLane && random.nextBoolean() ? 1 : random.nextInt(4);
        nurse.act(patient, action);
        trace.add("nurse:" + action);
        // The resolve ends the case of what the nurse could see: readings already triaged, or
        // alerted on by the lane. One still waiting for triage must alert after it.
        if (action == 1 && latest != null && (triaged(latest) || laneAlerted(latest))) {
          latest = null;
        }
      } else {
        t = t.plus(GAPS.get(random.nextInt(GAPS.size())));
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        // The hub triages a moment after the measurement; the patient may still be at the device.
        clock.set(t.plusSeconds(20));
        latest = reading(patient, t, kind, step);
        trace.add(kind.name());
        if (withLane && random.nextBoolean()) {
          lane.drain().await();
          trace.add("lane");
        }
        if (!withLane || random.nextBoolean()) {
          worker.drainAll().await();
          trace.add("triage");
        }
      }
      // Time passes before the next step: a repeat that did not come is alarmed once its window has
      // gone.
      clock.set(
          clock
              .instant()
              .plus(random.nextBoolean() ? Duration.ofMinutes(1) : window.plusMinutes(1)));
      worker.expirePendingRepeats().await();
      if (latest != null && triaged(latest)) {
        Set<String> required = required(latest);
        Set<String> open = pool.withTransaction(tx -> sink.openRules(tx, patient)).await();
        assertThat(open)
            .as("seed %d, steps %s: the live findings of the open alert", seed, trace)
            .containsAll(required);
      }
      assertThat(
              count(
                  "SELECT count(*) FROM alerts WHERE patient_id = $1 AND state <> 'RESOLVED'",
                  patient))
          .as("seed %d, steps %s: open alerts of the patient", seed, trace)
          .isLessThanOrEqualTo(1);
    }
  }

  private boolean triaged(String msgId) {
    return count("SELECT count(*) FROM triage_outbox WHERE msg_id = $1", msgId) == 0;
  }

  private boolean laneAlerted(String msgId) {
    return count(
            "SELECT count(*) FROM triage_outbox WHERE msg_id = $1 AND critical_alerted_at IS NOT NULL",
            msgId)
        > 0;
  }

  /**
   * The abnormal findings of the reading, unless it still awaits its repeat (then its rule's
   * conditions wait).
   */
  private Set<String> required(String msgId) {
    if (count(
            "SELECT count(*) FROM triage_pending_repeat WHERE msg_id = $1 AND resolved_at IS NULL",
            msgId)
        > 0) {
      assertThat(
              count(
                  "SELECT count(*) FROM triage_findings WHERE msg_id = $1 AND level = 'CRITICAL'",
                  msgId))
          .as("a CRITICAL value never waits for a repeat")
          .isZero();
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    pool.preparedQuery(
            "SELECT DISTINCT rule_id FROM triage_findings WHERE msg_id = $1 AND level <> 'GREEN'")
        .execute(Tuple.of(msgId))
        .await()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private long count(String sql, Object... args) {
    return pool.preparedQuery(sql).execute(Tuple.from(args)).await().iterator().next().getLong(0);
  }
}
