package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.OnCall;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Shift;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.Clinics;
import dk.telemonitoring.hub.store.StaffPhones;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
    api.get("/api/v1/oncall/shifts", Role.STAFF, this::shifts);
  }

  /** Longest span one shifts call covers (a month view), and most shifts per role in it. */
  private static final Duration MAX_SPAN = Duration.ofDays(42);

  private static final int MAX_SHIFTS = 500;

  /**
   * Every shift of every role from {@code from} to {@code to} (default: the coming 7 days), as
   * instants: the rota's own rules (local handover times, overrides) decide, so a week across a
   * daylight-saving change shows a 23- or 25-hour day exactly as the escalation will page.
   */
  private Future<JsonObject> shifts(RoutingContext ctx, Principal who) {
    String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
    Instant from = Json.instant(ctx, "from", Instant.now());
    Instant to = Json.instant(ctx, "to", from.plus(Duration.ofDays(7)));
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw ApiError.badRequest("'to' must be after 'from' and at most 42 days later");
    }
    List<Future<List<Shift>>> walks = new ArrayList<>();
    for (OnCallRole role : OnCallRole.values()) {
      walks.add(walk(clinic, role, from, to, new ArrayList<>()));
    }
    return Future.all(walks)
        .compose(
            done -> {
              Set<String> people = new HashSet<>();
              walks.forEach(w -> w.result().forEach(s -> people.add(s.personId())));
              return DisplayNames.of(pool, people);
            })
        .map(
            names -> {
              JsonArray out = new JsonArray();
              walks.forEach(
                  w ->
                      w.result()
                          .forEach(
                              s ->
                                  out.add(
                                      shift(Optional.of(s), names).put("role", s.role().name()))));
              return new JsonObject()
                  .put("clinic", clinic)
                  .put("from", from.toString())
                  .put("to", to.toString())
                  .put("shifts", out);
            });
  }

  /** The role's shifts from {@code at} until {@code to}, one lookup per shift. */
  private Future<List<Shift>> walk(
      String clinic, OnCallRole role, Instant at, Instant to, List<Shift> found) {
    if (!at.isBefore(to) || found.size() >= MAX_SHIFTS) {
      return Future.succeededFuture(found);
    }
    return alerts
        .whoIsOnCall(clinic, role, at)
        .compose(
            onCall -> {
              Instant nextAt;
              if (onCall.now().isPresent()) {
                Shift s = onCall.now().get();
                found.add(s);
                nextAt = s.end() == null ? to : s.end();
              } else if (onCall.next().isPresent()) {
                nextAt = onCall.next().get().start();
              } else {
                return Future.succeededFuture(found);
              }
              return nextAt.isAfter(at)
                  ? walk(clinic, role, nextAt, to, found)
                  : Future.succeededFuture(found);
            });
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
              // Names and work phones, so the triage screen can say whom to call, and how; the
              // clinic's zone, so that it writes a shift's end as the rota does, whatever zone the
              // reader's device is set to.
              return Future.all(
                  DisplayNames.of(pool, people),
                  StaffPhones.ofAll(pool, people),
                  Clinics.zone(pool, clinic));
            })
        .map(
            found -> {
              Map<String, String> names = found.resultAt(0);
              Map<String, String> phones = found.resultAt(1);
              Optional<ZoneId> zone = found.resultAt(2);
              JsonObject roles = new JsonObject();
              for (int i = 0; i < lookups.size(); i++) {
                OnCall onCall = lookups.get(i).result();
                roles.put(
                    OnCallRole.values()[i].name(),
                    new JsonObject()
                        .put("now", withPhone(shift(onCall.now(), names), phones))
                        .put("next", shift(onCall.next(), names)));
              }
              return new JsonObject()
                  .put("clinic", clinic)
                  .put("timezone", zone.map(ZoneId::getId).orElse(null))
                  .put("at", at.toString())
                  .put("roles", roles);
            });
  }

  private static JsonObject withPhone(JsonObject shift, Map<String, String> phones) {
    return shift == null ? null : shift.put("phone", phones.get(shift.getString("personId")));
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
