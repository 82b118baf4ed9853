package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.OnCallOverride;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.PersonDuties;
import dk.telemonitoring.alerts.domain.PolicyRef;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.domain.StoredOverride;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.UserRowLocks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the on-call machinery from paging someone who can no longer answer. A change to a user that
 * deactivates them, gives them a role without a duty's profession (or, for a policy that names
 * them, turns a doctor's page into a non-doctor's or back), or takes them out of a duty's clinic is
 * refused with 409 while they are in a rotation, in an override that has not ended, or named by an
 * escalation policy: the admin replaces them there first. The refusal lists the duties; those of
 * clinics the admin does not administer only by kind and clinic.
 */
final class DutyGuard {

  /**
   * What a change to a user does that matters for their duties; {@code role} null when unchanged.
   */
  record Change(boolean deactivates, Role role, Set<String> leftClinics) {

    boolean matters() {
      return deactivates || role != null || !leftClinics.isEmpty();
    }
  }

  /**
   * The person as a duty sees them: active or not, their role, and the clinics they no longer
   * belong to.
   */
  private record Person(boolean active, Role role, Set<String> left) {

    boolean canHold(OnCallRole duty, String clinic) {
      return active && role == DutyHolders.professionFor(duty) && !left.contains(clinic);
    }

    /**
     * Paged by name: staff of the clinic; whether a doctor was recorded with the policy, so it must
     * not change.
     */
    boolean canBeNamed(String clinic, boolean wasDoctor) {
      return active
          && Role.STAFF.contains(role)
          && (role == Role.DOCTOR) == wasDoctor
          && !left.contains(clinic);
    }
  }

  private final OnCallPlans store = new OnCallPlans();

  /**
   * Locks the users' rows until {@code tx} ends, so that a concurrent deactivation, role or clinic
   * change (which locks the row in {@link #check}) either waits for this transaction or is seen by
   * it. Call before reading whether the people may take a duty; sorted, so two such transactions
   * cannot deadlock.
   */
  static Future<Void> lockUsers(SqlClient tx, Collection<UUID> people) {
    return UserRowLocks.share(tx, people);
  }

  /**
   * Fails with 409 if {@code change} leaves the user unable to take a duty they hold; locks the
   * user's row.
   */
  Future<Void> check(SqlClient tx, Principal admin, UUID userId, Change change) {
    if (!change.matters()) {
      return Future.succeededFuture();
    }
    return UserRowLocks.forChange(tx, userId)
        .compose(
            standing -> {
              if (standing.isEmpty()) {
                return Future.succeededFuture();
              }
              Person before =
                  new Person(
                      standing.get().active(), Role.valueOf(standing.get().role()), Set.of());
              Person after =
                  new Person(
                      before.active() && !change.deactivates(),
                      change.role() == null ? before.role() : change.role(),
                      change.leftClinics());
              return store
                  .dutiesOf(tx, userId.toString(), Instant.now())
                  .map(
                      duties -> {
                        List<JsonObject> broken = broken(duties, before, after, admin);
                        if (!broken.isEmpty()) {
                          throw refusal(change, broken);
                        }
                        return null;
                      });
            });
  }

  /**
   * The duties the person could take before the change and cannot after it (already broken ones are
   * not new).
   */
  private static List<JsonObject> broken(
      PersonDuties duties, Person before, Person after, Principal admin) {
    List<JsonObject> out = new ArrayList<>();
    for (Rotation r : duties.rotations()) {
      if (before.canHold(r.role(), r.clinicId()) && !after.canHold(r.role(), r.clinicId())) {
        out.add(
            shown(
                admin,
                r.clinicId(),
                new JsonObject()
                    .put("kind", "rotation")
                    .put("id", r.id())
                    .put("clinicId", r.clinicId())
                    .put("role", r.role().name())));
      }
    }
    for (StoredOverride stored : duties.overrides()) {
      OnCallOverride o = stored.override();
      if (before.canHold(o.role(), o.clinicId()) && !after.canHold(o.role(), o.clinicId())) {
        out.add(
            shown(
                admin,
                o.clinicId(),
                new JsonObject()
                    .put("kind", "override")
                    .put("id", o.id())
                    .put("clinicId", o.clinicId())
                    .put("role", o.role().name())
                    .put("from", o.from().toString())
                    .put("to", o.to().toString())));
      }
    }
    boolean wasDoctor = before.role() == Role.DOCTOR;
    for (PolicyRef p : duties.policies()) {
      if (before.canBeNamed(p.clinicId(), wasDoctor)
          && !after.canBeNamed(p.clinicId(), wasDoctor)) {
        out.add(
            shown(
                admin,
                p.clinicId(),
                new JsonObject()
                    .put("kind", "escalationPolicy")
                    .put("clinicId", p.clinicId())
                    .put("level", p.level().name())));
      }
    }
    return out;
  }

  /**
   * Another clinic's duty by kind and clinic only: its ids and times are that clinic's business.
   */
  private static JsonObject shown(Principal admin, String clinic, JsonObject duty) {
    return admin.clinics().contains(clinic)
        ? duty
        : new JsonObject().put("kind", duty.getString("kind")).put("clinicId", clinic);
  }

  private static ApiError refusal(Change change, List<JsonObject> broken) {
    String what =
        change.deactivates()
            ? "deactivate the user"
            : change.role() != null
                ? "make the user a " + change.role().name().toLowerCase(Locale.ROOT)
                : "remove the user from "
                    + String.join(", ", change.leftClinics().stream().sorted().toList());
    List<String> where = broken.stream().map(DutyGuard::describe).toList();
    return new ApiError(
        409,
        "cannot "
            + what
            + ": they are still on call in "
            + String.join("; ", where)
            + ". Replace them there first (delete the rotation or override and create it anew, or PUT the policy's"
            + " steps), then retry.",
        new JsonObject().put("references", new JsonArray(broken)));
  }

  private static String describe(JsonObject duty) {
    String clinic = duty.getString("clinicId");
    return switch (duty.getString("kind")) {
      case "rotation" ->
          duty.containsKey("id")
              ? "rotation "
                  + duty.getLong("id")
                  + " ("
                  + duty.getString("role")
                  + ", "
                  + clinic
                  + ")"
              : "a rotation of " + clinic;
      case "override" ->
          duty.containsKey("id")
              ? "override "
                  + duty.getLong("id")
                  + " ("
                  + duty.getString("role")
                  + ", "
                  + clinic
                  + ", "
                  + duty.getString("from")
                  + " to "
                  + duty.getString("to")
                  + ")"
              : "an override of " + clinic;
      default ->
          duty.containsKey("level")
              ? "the " + duty.getString("level") + " escalation policy of " + clinic
              : "an escalation policy of " + clinic;
    };
  }
}
