package dk.telemonitoring.demo;

import dk.telemonitoring.hub.access.Passwords;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's people, with well-known passwords (README, "Demo users"). They are marked as default
 * passwords: outside demo mode the hub refuses to start while any of them is active with its
 * default password.
 */
final class DemoUsers {

  static final String CLINIC = "vios";

  /**
   * A demo account: e-mail, password, name, role and work phone (the alert page's call buttons).
   * Demo phone numbers begin with 0, which no Danish number does: a tap in the demo calls nobody.
   */
  record Account(String email, String password, String displayName, Role role, String phone) {}

  static final List<Account> ACCOUNTS =
      List.of(
          new Account(
              "sygeplejerske@vios.demo", "demo-nurse", "Sofie Kjær", Role.NURSE, "+45 00 00 02 01"),
          new Account(
              "sygeplejerske2@vios.demo", "demo-nurse", "Mads Holm", Role.NURSE, "+45 00 00 02 02"),
          new Account(
              "laege@vios.demo", "demo-doctor", "Lars Berg", Role.DOCTOR, "+45 00 00 03 01"),
          // The rota's backup doctor: a login, so an escalation to the backup can be followed
          // through in the demo.
          new Account(
              "bagvagt@vios.demo", "demo-backup", "Eva Lund", Role.DOCTOR, "+45 00 00 03 02"),
          new Account("admin@vios.demo", "demo-admin", "Anne Dahl", Role.ADMIN, null));

  /** The demo clinic's 24/7 number (see {@link Account} on demo numbers). */
  static final String CLINIC_PHONE = "+45 00 00 01 00";

  private static final Logger LOG = LoggerFactory.getLogger(DemoUsers.class);
  private static final List<String> MUNICIPALITIES =
      List.of("København", "Frederiksberg", "Gentofte", "Hvidovre", "Gladsaxe");

  private DemoUsers() {}

  /**
   * Creates the clinic (if missing) and the demo users (if missing); idempotent. Hashing runs off
   * the event loop.
   */
  static Future<Void> ensure(Vertx vertx, Pool pool) {
    Future<?> f =
        pool.preparedQuery(
                "INSERT INTO clinics (id, name, timezone, phone) VALUES ($1, $2, 'Europe/Copenhagen', $3)"
                    + " ON CONFLICT (id) DO UPDATE SET phone = coalesce(clinics.phone, EXCLUDED.phone)")
            .execute(Tuple.of(CLINIC, "ViosKlinikken (demo)", CLINIC_PHONE));
    for (Account a : ACCOUNTS) {
      f =
          f.compose(x -> vertx.executeBlocking(() -> Passwords.hash(a.password()), false))
              .compose(
                  hash ->
                      pool.preparedQuery(
                              """
                  INSERT INTO app_users (id, email, display_name, role, password_hash, default_password, phone)
                  VALUES ($1, $2, $3, $4, $5, true, $6) ON CONFLICT (email) DO NOTHING""")
                          .execute(
                              Tuple.of(
                                  UUID.randomUUID(),
                                  a.email(),
                                  a.displayName(),
                                  a.role().name(),
                                  hash,
                                  a.phone())))
              .compose(
                  x ->
                      pool.preparedQuery(
                              """
                  INSERT INTO app_user_clinics (user_id, clinic_id) SELECT id, $2 FROM app_users WHERE email = $1
                  ON CONFLICT DO NOTHING""")
                          .execute(Tuple.of(a.email(), CLINIC)));
    }
    return f.<Void>mapEmpty()
        .onSuccess(x -> LOG.warn("SAFETY: demo users with well-known passwords exist (demo mode)"));
  }

  /**
   * Gives the demo clinic's patients a contact nurse, a municipality, equality factors and
   * (invented) acute contacts and bed days in the year before enrolment where none are recorded
   * yet, so the board and the clinic overview have something to show. Idempotent; the demo calls it
   * periodically while its patients are being provisioned. Recorded as by the contact nurse, so the
   * patient page names a person, not "unknown person".
   */
  static Future<Void> recordDemoCare(Pool pool) {
    return pool.preparedQuery(
            """
            INSERT INTO patient_care (patient_id, contact_nurse_id, municipality, no_own_gp, lives_alone, needs_tablet_help,
                                      updated_by, acute_contacts_year_before, bed_days_year_before)
            SELECT p.id,
                   (SELECT id FROM app_users WHERE email = $2),
                   ($3::text[])[1 + abs(hashtext(p.id::text)) % cardinality($3::text[])],
                   abs(hashtext(p.id::text || 'gp')) % 5 = 0,
                   abs(hashtext(p.id::text || 'alone')) % 3 = 0,
                   abs(hashtext(p.id::text || 'tablet')) % 4 = 0,
                   $2,
                   abs(hashtext(p.id::text || 'acute')) % 4,
                   abs(hashtext(p.id::text || 'acute')) % 4 * (abs(hashtext(p.id::text || 'bed')) % 5)
            FROM patients p WHERE p.clinic_id = $1 ON CONFLICT (patient_id) DO NOTHING""")
        .execute(
            Tuple.of(
                CLINIC, ACCOUNTS.get(0).email(), (Object) MUNICIPALITIES.toArray(String[]::new)))
        .mapEmpty();
  }

  /**
   * The demo provisions its patients after the hub started: records their care facts as they
   * arrive, for 5 minutes.
   */
  static void recordDemoCareWhileProvisioning(Vertx vertx, Pool pool) {
    long[] runs = {0};
    vertx.setPeriodic(
        5_000,
        id -> {
          recordDemoCare(pool);
          if (++runs[0] >= 60) {
            vertx.cancelTimer(id);
          }
        });
  }
}
