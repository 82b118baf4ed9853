package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.ClassDatabase;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.EscalationStep;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.NamedPerson;
import dk.telemonitoring.alerts.domain.Recipient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policies with named people survive the escalation_policies table, and rows stored before them
 * still read.
 */
class ScheduleStorePolicyTest {

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;
  private final ScheduleStore store = new ScheduleStore();

  @BeforeAll
  static void setUp() throws Exception {
    pool = db.pool(2);
  }

  @Test
  void aStepNamingPeopleIsStoredAndReadBack() {
    EscalationPolicy policy =
        new EscalationPolicy(
            Level.RED,
            List.of(
                new EscalationStep(
                    Duration.ZERO,
                    Set.of(),
                    Set.of(new NamedPerson("dr-heart", true), new NamedPerson("head-nurse", false)),
                    Set.of(Channel.IN_APP, Channel.EMAIL)),
                new EscalationStep(
                    Duration.ofMinutes(15),
                    Set.of(Recipient.ONCALL_DOCTOR),
                    Set.of(new NamedPerson("dr-heart", true)),
                    Set.of(Channel.IN_APP))),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            new EscalationStep(
                Duration.ofHours(1),
                Set.of(Recipient.ACKNOWLEDGER),
                Set.of(new NamedPerson("head-nurse", false)),
                Set.of(Channel.IN_APP)));
    await(store.savePolicy(pool, "clinic-n", policy));
    assertThat(await(store.policy(pool, "clinic-n", Level.RED))).contains(policy);
  }

  @Test
  void aRowStoredBeforeStepsCouldNamePeopleReadsWithNone() {
    JsonObject legacy =
        new JsonObject(
            """
        {"steps": [{"delay_seconds": 0.0, "recipients": ["NURSE_ON_DUTY"], "channels": ["IN_APP"]},
                   {"delay_seconds": 900.0, "recipients": ["ONCALL_DOCTOR"], "channels": ["EMAIL", "IN_APP"]}],
         "repeat_every_seconds": 600, "response_deadline_seconds": 3600, "acknowledged_reminder": null}""");
    await(
        pool.preparedQuery(
                "INSERT INTO escalation_policies (clinic_id, level, policy) VALUES ($1, $2, $3)")
            .execute(Tuple.of("clinic-old", "RED", legacy)));
    EscalationPolicy read = await(store.policy(pool, "clinic-old", Level.RED)).orElseThrow();
    assertThat(read.steps()).hasSize(2);
    assertThat(read.steps()).allSatisfy(s -> assertThat(s.people()).isEmpty());
    assertThat(read.steps().get(1).recipients()).containsExactly(Recipient.ONCALL_DOCTOR);
    assertThat(read.steps().get(1).delay()).isEqualTo(Duration.ofMinutes(15));
  }
}
