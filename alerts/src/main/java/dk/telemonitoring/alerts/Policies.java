package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The policy of a clinic and level: the clinic's row in escalation_policies, else the configured
 * default.
 */
public final class Policies {

  private final AlertsConfig config;
  private final ScheduleStore store;

  public Policies(AlertsConfig config, ScheduleStore store) {
    this.config = config;
    this.store = store;
  }

  public Future<EscalationPolicy> policyFor(SqlClient client, String clinicId, Level level) {
    return store
        .policy(client, clinicId, level)
        .map(p -> p.orElseGet(() -> config.defaultPolicies().get(level)));
  }
}
