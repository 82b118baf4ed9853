package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.PersonDuties;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.domain.StoredOverride;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who can be paged and how, as people edit it: contacts, on-call rotations and overrides, and the
 * clinics' own escalation policies. The hub reads and changes them here, never through the module's
 * tables; each method runs on the client it is given, so a change can share the caller's
 * transaction (with its audit row, say).
 */
public final class OnCallPlans {

  private final ScheduleStore store = new ScheduleStore();

  public Future<Optional<Contact>> contact(SqlClient client, String personId) {
    return store.contact(client, personId);
  }

  public Future<Map<String, Contact>> contacts(SqlClient client, List<String> personIds) {
    return store.contacts(client, personIds);
  }

  public Future<Void> saveContact(SqlClient client, Contact contact) {
    return store.saveContact(client, contact);
  }

  /** Saves the contacts whose person has none yet; existing contact details stay as they are. */
  public Future<Void> addContactsIfAbsent(SqlClient client, List<Contact> contacts) {
    Future<Void> done = Future.succeededFuture();
    for (Contact c : contacts) {
      done =
          done.compose(
              x ->
                  client
                      .preparedQuery(
                          """
              INSERT INTO alert_contacts (person_id, clinic_id, display_name, email, push_topic, webhook_url,
                                          webhook_secret, in_app, active)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (person_id) DO NOTHING""")
                      .execute(
                          Tuple.from(
                              new Object[] {
                                c.personId(),
                                c.clinicId(),
                                c.displayName(),
                                c.email(),
                                c.pushTopic(),
                                c.webhookUrl(),
                                c.webhookSecret(),
                                c.inApp(),
                                c.active()
                              }))
                      .mapEmpty());
    }
    return done;
  }

  /** The clinic's rotations, oldest anchor first. */
  public Future<List<Rotation>> rotations(SqlClient client, String clinicId) {
    return store.rotations(client, clinicId);
  }

  public Future<Optional<Rotation>> rotation(SqlClient client, long id) {
    return store.rotation(client, id);
  }

  public Future<Long> addRotation(SqlClient client, Rotation rotation) {
    return store.addRotation(client, rotation);
  }

  /** Sets or clears (null) the rotation's last day. */
  public Future<Boolean> setLastDate(SqlClient client, long id, LocalDate lastDate) {
    return store.setLastDate(client, id, lastDate);
  }

  public Future<Boolean> deleteRotation(SqlClient client, long id) {
    return store.deleteRotation(client, id);
  }

  /** The clinic's overrides that end after {@code notBefore}, by start. */
  public Future<List<StoredOverride>> overrides(
      SqlClient client, String clinicId, Instant notBefore) {
    return store.overrides(client, clinicId, notBefore);
  }

  public Future<Optional<StoredOverride>> override(SqlClient client, long id) {
    return store.override(client, id);
  }

  public Future<Long> addOverride(
      SqlClient client,
      String clinicId,
      OnCallRole role,
      String personId,
      Instant from,
      Instant to,
      String reason,
      Instant now) {
    return store.addOverride(client, clinicId, role, personId, from, to, reason, now);
  }

  public Future<Boolean> deleteOverride(SqlClient client, long id) {
    return store.deleteOverride(client, id);
  }

  /**
   * Everything that can page the person by name (rotations, overrides not yet ended, policies
   * naming them).
   */
  public Future<PersonDuties> dutiesOf(SqlClient client, String personId, Instant now) {
    return store.dutiesOf(client, personId, now);
  }

  /** The clinic's own policy for the level, if it has one (else the configured default applies). */
  public Future<Optional<EscalationPolicy>> policy(SqlClient client, String clinicId, Level level) {
    return store.policy(client, clinicId, level);
  }

  public Future<Void> savePolicy(SqlClient client, String clinicId, EscalationPolicy policy) {
    return store.savePolicy(client, clinicId, policy);
  }

  /** Removes the clinic's own policy for the level, so the configured default applies again. */
  public Future<Boolean> deletePolicy(SqlClient client, String clinicId, Level level) {
    return store.deletePolicy(client, clinicId, level);
  }
}
