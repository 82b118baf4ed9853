package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.OnCall;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Shift;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** "Who is on call now, and who takes over next", per role, for a clinic the caller works in. */
final class OnCallRoutes {

  private final Pool pool;
  private final AlertService alerts;

  OnCallRoutes(Pool pool, AlertService alerts) {
    this.pool = pool;
    this.alerts = alerts;
  }

  void mount(Api api) {
    api.get("/api/v1/oncall", Role.STAFF, this::onCall);
  }

  private Future<JsonObject> onCall(RoutingContext ctx, Principal who) {
    String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
    Instant at = Json.instant(ctx, "at", Instant.now());
    List<Future<OnCall>> lookups = new ArrayList<>();
    for (OnCallRole role : OnCallRole.values()) {
      lookups.add(alerts.whoIsOnCall(clinic, role, at));
    }
    return Future.all(lookups)
        .compose(
            done -> {
              Set<String> people = new HashSet<>();
              lookups.forEach(
                  l -> {
                    l.result().now().ifPresent(s -> people.add(s.personId()));
                    l.result().next().ifPresent(s -> people.add(s.personId()));
                  });
              // Names, so the triage screen can say whom to call.
              return DisplayNames.of(pool, people);
            })
        .map(
            names -> {
              JsonObject roles = new JsonObject();
              for (int i = 0; i < lookups.size(); i++) {
                OnCall onCall = lookups.get(i).result();
                roles.put(
                    OnCallRole.values()[i].name(),
                    new JsonObject()
                        .put("now", shift(onCall.now(), names))
                        .put("next", shift(onCall.next(), names)));
              }
              return new JsonObject()
                  .put("clinic", clinic)
                  .put("at", at.toString())
                  .put("roles", roles);
            });
  }

  private static JsonObject shift(Optional<Shift> shift, Map<String, String> names) {
    return shift
        .map(
            s ->
                new JsonObject()
                    .put("personId", s.personId())
                    .put("displayName", names.getOrDefault(s.personId(), s.personId()))
                    .put("from", s.start().toString())
                    .put("until", s.end().toString())
                    .put("source", s.source().name()))
        .orElse(null);
  }
}
