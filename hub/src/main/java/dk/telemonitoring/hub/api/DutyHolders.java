package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.ClinicStaff;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Who may hold an on-call duty (a rotation, an override, a policy's step): an active user of the
 * duty's clinic with the role's profession; and once they hold one, they are pageable.
 */
final class DutyHolders {

  private static final OnCallPlans PLANS = new OnCallPlans();

  private DutyHolders() {}

  /** The profession that may hold an on-call role. */
  static Role professionFor(OnCallRole role) {
    return role == OnCallRole.NURSE_ON_DUTY ? Role.NURSE : Role.DOCTOR;
  }

  /**
   * Every person must be an active user of the clinic with the role's profession. Read in the
   * transaction that stores the duty, after locking the users, so that a concurrent deactivation
   * cannot slip in between.
   */
  static Future<Void> check(SqlClient tx, String clinic, OnCallRole role, List<UUID> people) {
    Role needed = professionFor(role);
    return DutyGuard.lockUsers(tx, people)
        .compose(locked -> ClinicStaff.rolesInClinic(tx, clinic, people))
        .map(
            found -> {
              for (UUID id : people) {
                String standing = found.get(id);
                if (standing == null) {
                  throw ApiError.badRequest(id + " is not a user of clinic " + clinic);
                }
                if (standing.equals(ClinicStaff.INACTIVE)) {
                  throw ApiError.badRequest(id + " is deactivated");
                }
                if (!needed.name().equals(standing)) {
                  throw ApiError.badRequest(
                      id
                          + " is a "
                          + standing.toLowerCase(Locale.ROOT)
                          + "; "
                          + role
                          + " needs a "
                          + needed.name().toLowerCase(Locale.ROOT));
                }
              }
              return null;
            });
  }

  /** Makes the people pageable (in-app and e-mail) unless they already have contact details. */
  static Future<Void> ensureContacts(SqlClient tx, String clinic, List<UUID> people) {
    return ClinicStaff.people(tx, people)
        .compose(
            found ->
                PLANS.addContactsIfAbsent(
                    tx,
                    found.stream()
                        .map(
                            p ->
                                new Contact(
                                    p.id(),
                                    clinic,
                                    p.displayName(),
                                    p.loginEmail(),
                                    null,
                                    null,
                                    null,
                                    true,
                                    true))
                        .toList()));
  }
}
