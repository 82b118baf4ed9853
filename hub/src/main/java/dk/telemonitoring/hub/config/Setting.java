package dk.telemonitoring.hub.config;

import java.util.Arrays;
import java.util.List;

/**
 * Every setting the hub reads: one reference for docs/configuration.md, the Docker files and the
 * code, so the three cannot disagree. Each is read from a system property (the key) or else an
 * environment variable (the env name), else the default.
 */
public enum Setting {
  MQTT_URL(
      "hub.mqtt.url", "tcp://127.0.0.1:1883", "Broker the hub subscribes to (tcp:// or ssl://)."),
  MQTT_CLIENT_ID(
      "hub.mqtt.client-id",
      "hub-1",
      "MQTT client id. Must be stable per hub instance: the broker keeps its persistent session and redelivers unacknowledged readings to it."),
  MQTT_USERNAME("hub.mqtt.username", "", "Broker user name (empty: anonymous)."),
  MQTT_PASSWORD("hub.mqtt.password", "", "Broker password."),
  MQTT_TOPIC_ROOT(
      "hub.mqtt.topic-root",
      "tm/v1",
      "Topic root; devices publish to {root}/{clinic}/devices/{deviceId}/readings."),
  MQTT_SHARE_GROUP(
      "hub.mqtt.share-group",
      "hub",
      "Shared-subscription group ($share/{group}/...) so hub instances split the stream; empty subscribes without sharing."),
  MQTT_SLOTS(
      "hub.mqtt.slots",
      "",
      "Comma-separated MQTT client ids that the hubs lease in the database (one per hub, e.g. hub-1,hub-2): a hub uses HUB_MQTT_CLIENT_ID's slot when free, else another free one, and takes over a dead hub's slot so its queued readings are drained. Empty: no leasing, each hub connects with HUB_MQTT_CLIENT_ID alone."),
  MQTT_SLOT_LEASE_MS(
      "hub.mqtt.slot-lease-ms",
      "10000",
      "With HUB_MQTT_SLOTS: how long a slot's lease lasts without renewal (renewed every third of it). A dead hub's slot is taken over after this time; a hub that cannot renew within it disconnects that client id."),
  MQTT_RECONNECT_MAX_MS(
      "hub.mqtt.reconnect-max-ms", "15000", "Upper bound of the reconnect backoff."),
  MQTT_TLS_CA_FILE(
      "hub.mqtt.tls.ca-file",
      "",
      "For an ssl:// broker URL: PEM file of the CA that signed the broker's certificate (docker/mosquitto's ca.crt). Empty: the JVM's default trust store."),
  MQTT_TLS_VERIFY_HOSTNAME(
      "hub.mqtt.tls.verify-hostname",
      "true",
      "For an ssl:// broker URL: the broker's certificate must name the URL's host. false only for a broker reached by an address its certificate does not list (logged as a warning)."),
  DB_URL(
      "hub.db.url",
      "postgresql://tm:tm@127.0.0.1:5432/tm",
      "PostgreSQL URL (postgresql://user:password@host:port/db). Outside demo mode it must be set: the default's credentials are public."),
  DB_USER("hub.db.user", "", "Database user; overrides the URL's user when set."),
  DB_PASSWORD("hub.db.password", "", "Database password; overrides the URL's password when set."),
  DB_POOL_SIZE(
      "hub.db.pool-size",
      "8",
      "Connections in the hub's database pool. Beside it the hub keeps six of its own: one for the health probe, two for the critical lane, two for the live push's reads of new alert transitions, and one for what a reading the critical lane may alert on waits for at ingest (its device's lookup and its batch). Each pool's sessions carry its name as `application_name` in `pg_stat_activity`: `hub-<client id>`, `hub-critical-…`, `hub-feed-…`, `hub-urgent-…`, `hub-health-…`, `hub-read-…` (the read replica's)."),
  DB_READ_URL(
      "hub.db.read-url",
      "",
      "A read replica (postgresql://...; same user and password overrides) for the clinic overview and the FHIR read API, which tolerate replication lag. Empty: they read the primary. The screens, alerts and ingest always use the primary."),
  DB_TIMESCALE(
      "hub.db.timescale",
      "auto",
      "auto: use TimescaleDB (hypertable) when the extension can be created, else plain PostgreSQL; off: always plain."),
  INGEST_BATCH_MAX(
      "hub.ingest.batch-max", "500", "Largest number of messages written in one transaction."),
  INGEST_BATCH_DELAY_MS(
      "hub.ingest.batch-delay-ms", "5", "Longest time a message waits for its batch to fill."),
  INGEST_MAX_IN_FLIGHT(
      "hub.ingest.max-in-flight",
      "20000",
      "Messages held in memory before commit. Above it the hub leaves further messages unacknowledged with the broker until the backlog is written."),
  INGEST_MAX_PAYLOAD_BYTES(
      "hub.ingest.max-payload-bytes", "65536", "Larger payloads are quarantined unread."),
  INGEST_MAX_FUTURE_SKEW_S(
      "hub.ingest.max-future-skew-s",
      "1800",
      "How far a device's measuredAt may lie in the future (a fast device clock); beyond 5 minutes readings are flagged clock_skew."),
  INGEST_MAX_AGE_DAYS(
      "hub.ingest.max-age-days",
      "90",
      "How old a measuredAt may be (devices upload backlogs late, but not this late)."),
  INGEST_RETRY_MAX_MS(
      "hub.ingest.retry-max-ms",
      "5000",
      "Upper bound of the backoff between retries of a failed batch write."),
  FEEDBACK_RECEIPTS(
      "hub.feedback.receipts",
      "true",
      "Answer every message on the device's command topic after commit."),
  FEEDBACK_PLAIN_REPLIES(
      "hub.feedback.plain-replies",
      "false",
      "Also send triage's reply when it only says what the receipt said (a GREEN reading, nothing to ask of the patient): a second publish per message, for devices that wait for it. Sent anyway when receipts are off."),
  HTTP_HOST("hub.http.host", "0.0.0.0", "Interface the HTTP API and triage screen listen on."),
  HTTP_PORT("hub.http.port", "8080", "HTTP port."),
  HTTP_TRUSTED_PROXIES(
      "hub.http.trusted-proxies",
      "",
      "Comma-separated addresses or CIDR ranges of the reverse proxies in front of the hub, whose X-Forwarded-For names the client (for login limits and the audit log). Empty: the header is ignored and the peer's address counts."),
  TRIAGE_ENABLED(
      "hub.triage.enabled",
      "true",
      "false makes this an ingest-only instance: it stores and marks readings for triage, and another hub triages them."),
  TRIAGE_CONCURRENCY(
      "hub.triage.concurrency",
      TriageConcurrency.AUTO,
      "Transactions triaging at once, each for its own share of the patients (a patient's readings stay in order); each holds a pooled connection. 'auto': half the processors, at least 1, leaving the rest to ingest, the critical lane and the live push. An instance that only triages (HUB_TRIAGE_ENABLED=false on the others) drains faster with 4 and a pool of 12 (docs/benchmark.md)."),
  TRIAGE_MEMORY_READINGS(
      "hub.triage.memory-readings",
      "1000000",
      "Readings triage keeps in memory for the patients this hub triages, so that a batch reads from the database only what is new (about 150 bytes each; least recently triaged patients go first). 0 reads every patient's history window from the database for every batch."),
  CRITICAL_LANE_ENABLED(
      "hub.critical-lane.enabled",
      "true",
      "Raise the alert of a reading beyond a CRITICAL floor or the patient's CRITICAL limit at once, on a connection of its own, ahead of any triage backlog (also on an ingest-only instance); full triage later joins that alert."),
  PUBLIC_URL(
      "hub.public-url",
      "http://localhost:8080",
      "Address people reach this hub at; acknowledge links in notifications point here."),
  ALERTS_ACK_SECRET(
      "hub.alerts.ack-secret",
      "",
      "Secret (16+ bytes) that signs acknowledge links. Required outside demo mode."),
  ALERTS_LINK_TTL(
      "hub.alerts.link-ttl",
      "PT24H",
      "How long the signed link in a page opens its alert's page without a login (ISO-8601 duration); after that the page is refused."),
  ALERTS_RED_TO_DOCTOR(
      "hub.alerts.red-to-doctor",
      "PT15M",
      "An unacknowledged RED alert goes to the on-call doctor after this long (ISO-8601 duration)."),
  ALERTS_DOCTOR_TO_BACKUP(
      "hub.alerts.doctor-to-backup",
      "PT10M",
      "A doctor who does not acknowledge within this long is followed by the backup; pages repeat at this interval."),
  ALERTS_ENGINE_INTERVAL_MS(
      "hub.alerts.engine-interval-ms",
      "5000",
      "How often escalation timers and deliveries are checked."),
  ALERTS_DELIVERY_MAX_ATTEMPTS(
      "hub.alerts.delivery-max-attempts",
      "6",
      "Delivery attempts of one notification (webhook, e-mail, push) before it is dead-lettered."),
  ALERTS_RETRY_BACKOFF(
      "hub.alerts.retry-backoff",
      "PT10S",
      "Delay before the first retry of a failed delivery (ISO-8601 duration); doubles with each attempt."),
  ALERTS_RETRY_BACKOFF_MAX(
      "hub.alerts.retry-backoff-max", "PT5M", "Upper bound of the delay between delivery retries."),
  SMTP_HOST("hub.smtp.host", "", "SMTP server for e-mail notifications; empty disables e-mail."),
  SMTP_PORT("hub.smtp.port", "587", "SMTP port."),
  SMTP_USERNAME("hub.smtp.username", "", "SMTP user name (empty: no authentication)."),
  SMTP_PASSWORD("hub.smtp.password", "", "SMTP password."),
  SMTP_STARTTLS("hub.smtp.starttls", "OPTIONAL", "DISABLED, OPTIONAL or REQUIRED."),
  SMTP_FROM("hub.smtp.from", "telemonitoring@localhost", "Sender address of notification e-mails."),
  DEMO_MODE(
      "hub.demo",
      "false",
      "Demo mode: development secrets and demo users are allowed. Never in production."),
  API_SERVICE_TOKEN(
      "hub.api.service-token",
      "",
      "Bearer token for machine clients (provisioning CLI, benchmark). Empty disables token access; people log in instead."),
  RETENTION_RAW_DAYS(
      "hub.retention.raw-days",
      "0",
      "Raw readings older than this many days are dropped (TimescaleDB: whole chunks; plain PostgreSQL: batched deletes) after their daily aggregates are kept. 0 keeps them forever."),
  RETENTION_INTERVAL_MINUTES(
      "hub.retention.interval-minutes",
      "60",
      "How often the retention job runs (any hub may; one at a time)."),
  RETENTION_AGGREGATE_REFRESH_DAYS(
      "hub.retention.aggregate-refresh-days",
      "2",
      "Days back from today whose daily aggregates (reading_daily) each run recomputes from raw readings."),
  RETENTION_DELETE_BATCH(
      "hub.retention.delete-batch",
      "10000",
      "Rows per DELETE transaction when dropping raw readings on plain PostgreSQL.");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** HUB_MQTT_URL for hub.mqtt.url. */
  public String envName() {
    return key.toUpperCase().replace('.', '_').replace('-', '_');
  }

  public static List<Setting> all() {
    return Arrays.asList(values());
  }
}
