package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.store.Sql.instant;
import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.EscalationStep;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.NamedPerson;
import dk.telemonitoring.alerts.domain.OnCallOverride;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.OnCallSchedule;
import dk.telemonitoring.alerts.domain.PersonDuties;
import dk.telemonitoring.alerts.domain.PolicyRef;
import dk.telemonitoring.alerts.domain.Recipient;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.domain.StoredOverride;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Contacts, on-call rotations and overrides, and per-clinic escalation policies. */
public final class ScheduleStore {

  public Future<Void> saveContact(SqlClient client, Contact c) {
    return client
        .preparedQuery(
            "INSERT INTO alert_contacts (person_id, clinic_id, display_name, email, push_topic,"
                + " webhook_url, webhook_secret, in_app, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                + " ON CONFLICT (person_id) DO UPDATE SET clinic_id = EXCLUDED.clinic_id,"
                + " display_name = EXCLUDED.display_name, email = EXCLUDED.email, push_topic = EXCLUDED.push_topic,"
                + " webhook_url = EXCLUDED.webhook_url, webhook_secret = EXCLUDED.webhook_secret,"
                + " in_app = EXCLUDED.in_app, active = EXCLUDED.active")
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
        .mapEmpty();
  }

  public Future<Map<String, Contact>> contacts(SqlClient client, List<String> personIds) {
    return client
        .preparedQuery("SELECT * FROM alert_contacts WHERE person_id = ANY($1) AND active")
        .execute(Tuple.of(personIds.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, Contact> out = new HashMap<>();
              for (Row r : rows) {
                out.put(r.getString("person_id"), toContact(r));
              }
              return out;
            });
  }

  /** The person's contact row, active or not. */
  public Future<Optional<Contact>> contact(SqlClient client, String personId) {
    return client
        .preparedQuery("SELECT * FROM alert_contacts WHERE person_id = $1")
        .execute(Tuple.of(personId))
        .map(rows -> AlertStore.first(rows).map(ScheduleStore::toContact));
  }

  static Contact toContact(Row r) {
    return new Contact(
        r.getString("person_id"),
        r.getString("clinic_id"),
        r.getString("display_name"),
        r.getString("email"),
        r.getString("push_topic"),
        r.getString("webhook_url"),
        r.getString("webhook_secret"),
        r.getBoolean("in_app"),
        r.getBoolean("active"));
  }

  public Future<Long> addRotation(SqlClient client, Rotation r) {
    return client
        .preparedQuery(
            "INSERT INTO oncall_rotations (clinic_id, role, zone_id, anchor_date, last_date,"
                + " rotation_days, handover_times, person_ids) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                + " $8) RETURNING id")
        .execute(
            Tuple.from(
                new Object[] {
                  r.clinicId(),
                  r.role().name(),
                  r.zone().getId(),
                  r.anchorDate(),
                  r.lastDate(),
                  r.rotationDays(),
                  r.handoverTimes().stream().map(LocalTime::toString).toArray(String[]::new),
                  r.personIds().toArray(new String[0])
                }))
        .map(rows -> rows.iterator().next().getLong("id"));
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
    return client
        .preparedQuery(
            "INSERT INTO oncall_overrides (clinic_id, role, person_id, starts_at, ends_at, reason,"
                + " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .execute(
            Tuple.from(
                new Object[] {clinicId, role.name(), personId, ts(from), ts(to), reason, ts(now)}))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /**
   * Everything needed to resolve the clinic's on-call at any instant (overrides that ended long ago
   * are skipped).
   */
  public Future<OnCallSchedule> schedule(SqlClient client, String clinicId, Instant notBefore) {
    Future<List<Rotation>> rotations = rotations(client, clinicId);
    Future<List<OnCallOverride>> overrides =
        client
            .preparedQuery(SCHEDULE_OVERRIDES)
            .execute(Tuple.of(clinicId, ts(notBefore)))
            .map(rows -> AlertStore.all(rows, r -> toOverride(r).override()));
    return rotations.compose(rs -> overrides.map(os -> new OnCallSchedule(rs, os)));
  }

  /**
   * The overrides a schedule from {@code $2} on needs: those still to end, and those that ended
   * within the longest rotation period before it (and a day, for a clock change), as a swap that
   * ended inside a rotation's shift starts the shift's rest at its end: the shift the walk of a
   * week reads at the very instant a swap ends.
   */
  private static final String SCHEDULE_OVERRIDES =
      """
      SELECT * FROM oncall_overrides
      WHERE clinic_id = $1
        AND ends_at > $2::timestamptz - make_interval(days => 1 + coalesce(
              (SELECT max(rotation_days) FROM oncall_rotations WHERE clinic_id = $1), 0))
      ORDER BY starts_at, id""";

  /** The clinic's rotations, oldest anchor first. */
  public Future<List<Rotation>> rotations(SqlClient client, String clinicId) {
    return client
        .preparedQuery(
            "SELECT * FROM oncall_rotations WHERE clinic_id = $1 ORDER BY role, anchor_date, id")
        .execute(Tuple.of(clinicId))
        .map(rows -> AlertStore.all(rows, ScheduleStore::toRotation));
  }

  /** A rotation by id, if it exists. */
  public Future<Optional<Rotation>> rotation(SqlClient client, long id) {
    return client
        .preparedQuery("SELECT * FROM oncall_rotations WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> AlertStore.first(rows).map(ScheduleStore::toRotation));
  }

  /** Sets or clears (null) the rotation's last day. */
  public Future<Boolean> setLastDate(SqlClient client, long id, LocalDate lastDate) {
    return client
        .preparedQuery("UPDATE oncall_rotations SET last_date = $2 WHERE id = $1")
        .execute(Tuple.of(id, lastDate))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> deleteRotation(SqlClient client, long id) {
    return client
        .preparedQuery("DELETE FROM oncall_rotations WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The clinic's overrides that end after {@code notBefore}, by start. */
  public Future<List<StoredOverride>> overrides(
      SqlClient client, String clinicId, Instant notBefore) {
    return client
        .preparedQuery(
            "SELECT * FROM oncall_overrides WHERE clinic_id = $1 AND ends_at > $2 ORDER BY starts_at, id")
        .execute(Tuple.of(clinicId, ts(notBefore)))
        .map(rows -> AlertStore.all(rows, ScheduleStore::toOverride));
  }

  public Future<Optional<StoredOverride>> override(SqlClient client, long id) {
    return client
        .preparedQuery("SELECT * FROM oncall_overrides WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> AlertStore.first(rows).map(ScheduleStore::toOverride));
  }

  public Future<Boolean> deleteOverride(SqlClient client, long id) {
    return client
        .preparedQuery("DELETE FROM oncall_overrides WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Rotation toRotation(Row r) {
    return new Rotation(
        r.getLong("id"),
        r.getString("clinic_id"),
        OnCallRole.valueOf(r.getString("role")),
        ZoneId.of(r.getString("zone_id")),
        r.getLocalDate("anchor_date"),
        r.getLocalDate("last_date"),
        r.getInteger("rotation_days"),
        Arrays.stream(r.getArrayOfStrings("handover_times")).map(LocalTime::parse).toList(),
        Arrays.asList(r.getArrayOfStrings("person_ids")));
  }

  private static StoredOverride toOverride(Row r) {
    return new StoredOverride(
        new OnCallOverride(
            r.getLong("id"),
            r.getString("clinic_id"),
            OnCallRole.valueOf(r.getString("role")),
            r.getString("person_id"),
            instant(r, "starts_at"),
            instant(r, "ends_at"),
            instant(r, "created_at")),
        r.getString("reason"));
  }

  // ----- a person's duties -----

  /**
   * Where the person is on call: every rotation listing them (superseded ones too, until deleted),
   * every override of theirs that ends after {@code now}, and every policy naming them in a step or
   * in the acknowledged reminder.
   */
  public Future<PersonDuties> dutiesOf(SqlClient client, String personId, Instant now) {
    Future<List<Rotation>> rotations =
        client
            .preparedQuery(
                "SELECT * FROM oncall_rotations WHERE $1 = ANY(person_ids) ORDER BY clinic_id, role, id")
            .execute(Tuple.of(personId))
            .map(rows -> AlertStore.all(rows, ScheduleStore::toRotation));
    Future<List<StoredOverride>> overrides =
        rotations.compose(
            x ->
                client
                    .preparedQuery(
                        "SELECT * FROM oncall_overrides WHERE person_id = $1 AND ends_at > $2 ORDER BY clinic_id, starts_at, id")
                    .execute(Tuple.of(personId, ts(now)))
                    .map(rows -> AlertStore.all(rows, ScheduleStore::toOverride)));
    Future<List<PolicyRef>> policies =
        overrides.compose(
            x ->
                client
                    .preparedQuery(
                        """
            SELECT clinic_id, level FROM escalation_policies
            WHERE jsonb_path_exists(policy, '$.steps[*].people[*] ? (@.person_id == $p)',
                                    jsonb_build_object('p', $1::text))
               OR jsonb_path_exists(policy, '$.acknowledged_reminder.people[*] ? (@.person_id == $p)',
                                    jsonb_build_object('p', $1::text))
            ORDER BY clinic_id, level""")
                    .execute(Tuple.of(personId))
                    .map(
                        rows ->
                            AlertStore.all(
                                rows,
                                r ->
                                    new PolicyRef(r.getString(0), Level.valueOf(r.getString(1))))));
    return policies.map(ps -> new PersonDuties(rotations.result(), overrides.result(), ps));
  }

  // ----- policies -----

  public Future<Void> savePolicy(SqlClient client, String clinicId, EscalationPolicy policy) {
    return client
        .preparedQuery(
            "INSERT INTO escalation_policies (clinic_id, level, policy) VALUES ($1, $2, $3)"
                + " ON CONFLICT (clinic_id, level) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()")
        .execute(Tuple.of(clinicId, policy.level().name(), toJson(policy)))
        .mapEmpty();
  }

  /** Removes the clinic's own policy for the level, so the configured default applies again. */
  public Future<Boolean> deletePolicy(SqlClient client, String clinicId, Level level) {
    return client
        .preparedQuery("DELETE FROM escalation_policies WHERE clinic_id = $1 AND level = $2")
        .execute(Tuple.of(clinicId, level.name()))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Optional<EscalationPolicy>> policy(SqlClient client, String clinicId, Level level) {
    return client
        .preparedQuery("SELECT policy FROM escalation_policies WHERE clinic_id = $1 AND level = $2")
        .execute(Tuple.of(clinicId, level.name()))
        .map(
            rows ->
                AlertStore.first(rows)
                    .map(r -> fromJson(level, (JsonObject) r.getValue("policy"))));
  }

  static JsonObject toJson(EscalationPolicy p) {
    JsonArray steps = new JsonArray();
    p.steps().forEach(s -> steps.add(stepJson(s)));
    return new JsonObject()
        .put("steps", steps)
        .put("repeat_every_seconds", p.repeatEvery() == null ? null : p.repeatEvery().toSeconds())
        .put("response_deadline_seconds", p.responseDeadline().toSeconds())
        .put(
            "acknowledged_reminder",
            p.acknowledgedReminder() == null ? null : stepJson(p.acknowledgedReminder()));
  }

  static EscalationPolicy fromJson(Level level, JsonObject j) {
    List<EscalationStep> steps = new ArrayList<>();
    j.getJsonArray("steps", new JsonArray()).forEach(o -> steps.add(step((JsonObject) o)));
    Long repeat = j.getLong("repeat_every_seconds");
    JsonObject reminder = j.getJsonObject("acknowledged_reminder");
    return new EscalationPolicy(
        level,
        steps,
        repeat == null ? null : Duration.ofSeconds(repeat),
        Duration.ofSeconds(j.getLong("response_deadline_seconds", 3600L)),
        reminder == null ? null : step(reminder));
  }

  private static JsonObject stepJson(EscalationStep s) {
    return new JsonObject()
        .put("delay_seconds", s.delay().toMillis() / 1000.0)
        .put("recipients", new JsonArray(s.recipients().stream().map(Enum::name).sorted().toList()))
        .put(
            "people",
            new JsonArray(
                s.people().stream()
                    .sorted()
                    .map(
                        p ->
                            new JsonObject()
                                .put("person_id", p.personId())
                                .put("doctor", p.doctor()))
                    .toList()))
        .put("channels", new JsonArray(s.channels().stream().map(Enum::name).sorted().toList()));
  }

  private static EscalationStep step(JsonObject j) {
    Set<Recipient> recipients =
        j.getJsonArray("recipients", new JsonArray()).stream()
            .map(o -> Recipient.valueOf((String) o))
            .collect(Collectors.toSet());
    // Rows stored before steps could name people have no "people".
    Set<NamedPerson> people =
        j.getJsonArray("people", new JsonArray()).stream()
            .map(JsonObject.class::cast)
            .map(p -> new NamedPerson(p.getString("person_id"), p.getBoolean("doctor", false)))
            .collect(Collectors.toSet());
    Set<Channel> channels =
        j.getJsonArray("channels").stream()
            .map(o -> Channel.valueOf((String) o))
            .collect(Collectors.toSet());
    return new EscalationStep(
        Duration.ofMillis(Math.round(j.getDouble("delay_seconds") * 1000)),
        recipients,
        people,
        channels);
  }
}
