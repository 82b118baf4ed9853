package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.store.WriteItem.Event;
import dk.telemonitoring.hub.store.WriteItem.Measurements;
import dk.telemonitoring.hub.store.WriteItem.Quarantined;
import dk.telemonitoring.hub.triage.CriticalScreen;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes one batch in one transaction with a handful of array-parameter statements (one round trip
 * each, whatever the batch size). Readings and their triage-outbox rows go in one statement, so a
 * reading is never committed without its mark to be triaged. Device rows are not touched here
 * ({@link LastSeenCoalescer} keeps last-seen), so concurrent batches never wait on each other's
 * locks.
 */
final class BatchSql {

  /**
   * Readings, then one outbox row per new message, marked {@code critical} when a value of it may
   * be CRITICAL: beyond the ingest's screen ({@code $14}, true; null for a reading the lane does
   * not judge) or at or beyond the patient's own CRITICAL limit. So the critical lane learns of the
   * message in the commit that stores it. More readings of a message still waiting (its id sent
   * again with another time) keep its one row: at their earliest time, critical if any may be, and
   * the device is told they were stored (they were), not that they were a duplicate; a waiting row
   * of another patient (the device rebound, its ids counted afresh) is left as it was. One row per
   * message also when its readings fall to two patients (a device rebound between their times): an
   * update cannot touch a row twice in one statement, and the failed batch would block the stream.
   */
  private static final String INSERT_READINGS =
      """
      WITH rows AS (
        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                             $7::float8[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[],
                             $12::text[], $13::text[], $14::bool[])
          AS u(measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at, sent_at,
               flags, context, detail, screen)
      ), ins AS (
        INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit,
                              received_at, sent_at, flags, context, detail)
        SELECT measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at, sent_at,
               CASE WHEN flags = '' THEN '{}'::text[] ELSE string_to_array(flags, ',') END,
               context::jsonb, detail::jsonb
        FROM rows
        ON CONFLICT DO NOTHING
        RETURNING device_id, msg_id, code, patient_id, measured_at, value
      )
      INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind, critical)
      SELECT (array_agg(ins.patient_id ORDER BY ins.measured_at))[1], ins.device_id, ins.msg_id, min(ins.measured_at),
             'reading',
             coalesce(bool_or(r.screen OR (r.screen IS NOT NULL AND EXISTS (
               SELECT 1 FROM patient_limits pl WHERE pl.patient_id = ins.patient_id AND pl.code = ins.code
                 AND (ins.value <= pl.critical_low OR ins.value >= pl.critical_high)))), false)
      FROM ins JOIN rows r ON r.device_id = ins.device_id AND r.msg_id = ins.msg_id AND r.code = ins.code
        AND r.measured_at = ins.measured_at
      GROUP BY ins.device_id, ins.msg_id
      ORDER BY ins.device_id, ins.msg_id
      ON CONFLICT (device_id, msg_id) DO UPDATE
        SET measured_at = least(triage_outbox.measured_at, EXCLUDED.measured_at),
            critical = triage_outbox.critical OR EXCLUDED.critical
        WHERE triage_outbox.patient_id = EXCLUDED.patient_id
      RETURNING device_id, msg_id, critical""";

  private static final String INSERT_EVENTS =
      """
      WITH ins AS (
        INSERT INTO device_events (device_id, msg_id, kind, patient_id, clinic_id, occurred_at, received_at, payload)
        SELECT d, m, k, p, c, o, r, pl::jsonb
        FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[],
                    $7::timestamptz[], $8::text[]) AS u(d, m, k, p, c, o, r, pl)
        ON CONFLICT DO NOTHING
        RETURNING device_id, msg_id, kind, patient_id, occurred_at, received_at, payload
      ), outbox AS (
        INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind)
        SELECT patient_id, device_id, msg_id, occurred_at, kind FROM ins
        WHERE kind = 'contact' AND patient_id IS NOT NULL
        ON CONFLICT DO NOTHING
      ), delivered AS (
        UPDATE patient_messages m SET delivered_at = ins.received_at
        FROM ins
        WHERE ins.kind = 'message-receipt' AND m.id = (ins.payload ->> 'messageId')::uuid
          AND m.device_id = ins.device_id AND m.delivered_at IS NULL
      )
      SELECT device_id, msg_id FROM ins""";

  private static final String INSERT_QUARANTINE =
      """
      INSERT INTO quarantine (received_at, topic, device_id, clinic_id, reason_code, reason, payload)
      SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[])""";

  private BatchSql() {}

  /** Writes the batch inside {@code tx}; the result has one outcome per item, in order. */
  static Future<Written> write(SqlConnection tx, List<WriteItem> items) {
    Future<NewReadings> storedReadings = insertReadings(tx, items);
    Future<Set<String>> storedEvents = insertEvents(tx, items);
    Future<Void> quarantined = insertQuarantine(tx, items);
    return Future.all(storedReadings, storedEvents, quarantined)
        .map(
            done -> {
              Set<String> newReadings = storedReadings.result().keys();
              Set<String> newEvents = storedEvents.result();
              List<WriteOutcome> outcomes = new ArrayList<>(items.size());
              for (WriteItem item : items) {
                if (item instanceof Measurements m) {
                  outcomes.add(stored(newReadings, m.set().deviceId(), m.set().msgId()));
                } else if (item instanceof Event e) {
                  outcomes.add(stored(newEvents, e.event().deviceId(), e.event().msgId()));
                } else {
                  outcomes.add(WriteOutcome.QUARANTINED);
                }
              }
              return new Written(outcomes, storedReadings.result().markedCritical());
            });
  }

  /** The messages whose readings were new, and whether any of their outbox rows is marked. */
  private record NewReadings(Set<String> keys, boolean markedCritical) {
    static final NewReadings NONE = new NewReadings(Set.of(), false);

    static NewReadings of(RowSet<Row> rows) {
      boolean marked = false;
      for (Row row : rows) marked |= row.getBoolean("critical");
      return new NewReadings(BatchSql.keys(rows), marked);
    }
  }

  private static WriteOutcome stored(Set<String> newKeys, String deviceId, String msgId) {
    return newKeys.contains(key(deviceId, msgId)) ? WriteOutcome.STORED : WriteOutcome.DUPLICATE;
  }

  /**
   * A reading with its message. Rows go in sorted by their unique key: two batches holding the same
   * messages (a redelivery and a device's re-send draining together) then wait for each other's
   * uncommitted keys in one order, never in a cycle (40P01). The insert takes unnest's rows in
   * array order.
   */
  private record ReadingRow(Measurements set, Reading reading) {
    static final Comparator<ReadingRow> KEY_ORDER =
        Comparator.comparing((ReadingRow r) -> r.reading().deviceId())
            .thenComparing(r -> r.reading().msgId())
            .thenComparing(r -> r.reading().type().code())
            .thenComparing(r -> r.reading().measuredAt());
  }

  private static Future<NewReadings> insertReadings(SqlConnection tx, List<WriteItem> items) {
    List<Measurements> sets =
        items.stream()
            .filter(Measurements.class::isInstance)
            .map(Measurements.class::cast)
            .toList();
    if (sets.isEmpty()) {
      return Future.succeededFuture(NewReadings.NONE);
    }
    List<ReadingRow> rows =
        sets.stream()
            .flatMap(m -> m.set().readings().stream().map(r -> new ReadingRow(m, r)))
            .sorted(ReadingRow.KEY_ORDER)
            .toList();
    int n = rows.size();
    OffsetDateTime[] measuredAt = new OffsetDateTime[n];
    String[] deviceId = new String[n];
    String[] msgId = new String[n];
    String[] code = new String[n];
    UUID[] patientId = new UUID[n];
    String[] clinicId = new String[n];
    Double[] value = new Double[n];
    String[] unit = new String[n];
    OffsetDateTime[] receivedAt = new OffsetDateTime[n];
    OffsetDateTime[] sentAt = new OffsetDateTime[n];
    String[] flags = new String[n];
    String[] context = new String[n];
    String[] detail = new String[n];
    Boolean[] screen = new Boolean[n];
    int i = 0;
    for (ReadingRow row : rows) {
      Measurements m = row.set();
      Reading r = row.reading();
      measuredAt[i] = utc(r.measuredAt());
      deviceId[i] = r.deviceId();
      msgId[i] = r.msgId();
      code[i] = r.type().code();
      patientId[i] = m.patientId();
      clinicId[i] = r.clinicId();
      value[i] = r.value();
      unit[i] = r.unit();
      receivedAt[i] = utc(r.receivedAt());
      sentAt[i] = utc(r.sentAt());
      flags[i] = String.join(",", new java.util.TreeSet<>(r.flags()));
      context[i] = r.contextJson();
      detail[i] = r.detailJson();
      screen[i] =
          CriticalScreen.screened(r.flags())
              ? CriticalScreen.mayBeCritical(code[i], r.value())
              : null;
      i++;
    }
    Tuple params =
        params(
            measuredAt,
            deviceId,
            msgId,
            code,
            patientId,
            clinicId,
            value,
            unit,
            receivedAt,
            sentAt,
            flags,
            context,
            detail,
            screen);
    return tx.preparedQuery(INSERT_READINGS).execute(params).map(NewReadings::of);
  }

  private static Future<Set<String>> insertEvents(SqlConnection tx, List<WriteItem> items) {
    // In key order, for the reason given at ReadingRow.
    List<Event> events =
        items.stream()
            .filter(Event.class::isInstance)
            .map(Event.class::cast)
            .sorted(
                Comparator.comparing((Event e) -> e.event().deviceId())
                    .thenComparing(e -> e.event().msgId()))
            .toList();
    if (events.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    int n = events.size();
    String[] deviceId = new String[n];
    String[] msgId = new String[n];
    String[] kind = new String[n];
    UUID[] patientId = new UUID[n];
    String[] clinicId = new String[n];
    OffsetDateTime[] occurredAt = new OffsetDateTime[n];
    OffsetDateTime[] receivedAt = new OffsetDateTime[n];
    String[] payload = new String[n];
    for (int i = 0; i < n; i++) {
      var e = events.get(i).event();
      deviceId[i] = e.deviceId();
      msgId[i] = e.msgId();
      kind[i] = e.kind();
      patientId[i] = events.get(i).patientId();
      clinicId[i] = e.clinicId();
      occurredAt[i] = utc(e.occurredAt());
      receivedAt[i] = utc(e.receivedAt());
      payload[i] = e.payloadJson();
    }
    Tuple params =
        params(deviceId, msgId, kind, patientId, clinicId, occurredAt, receivedAt, payload);
    return tx.preparedQuery(INSERT_EVENTS).execute(params).map(BatchSql::keys);
  }

  private static Future<Void> insertQuarantine(SqlConnection tx, List<WriteItem> items) {
    List<Quarantined> bad =
        items.stream().filter(Quarantined.class::isInstance).map(Quarantined.class::cast).toList();
    if (bad.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = bad.size();
    OffsetDateTime[] receivedAt = new OffsetDateTime[n];
    String[] topic = new String[n];
    String[] deviceId = new String[n];
    String[] clinicId = new String[n];
    String[] reasonCode = new String[n];
    String[] reason = new String[n];
    Buffer[] payload = new Buffer[n];
    for (int i = 0; i < n; i++) {
      Quarantined q = bad.get(i);
      receivedAt[i] = utc(q.receivedAt());
      topic[i] = q.topic();
      deviceId[i] = q.deviceId();
      clinicId[i] = q.clinicId();
      reasonCode[i] = q.rejection().reason().label();
      reason[i] = q.rejection().text();
      payload[i] = q.payload();
    }
    return tx.preparedQuery(INSERT_QUARANTINE)
        .execute(params(receivedAt, topic, deviceId, clinicId, reasonCode, reason, payload))
        .mapEmpty();
  }

  /**
   * Each argument is one array parameter; built by hand because varargs would spread a lone array.
   */
  private static Tuple params(Object[]... arrays) {
    Tuple tuple = Tuple.tuple();
    for (Object[] array : arrays) {
      tuple.addValue(array);
    }
    return tuple;
  }

  private static Set<String> keys(RowSet<Row> rows) {
    Set<String> keys = new HashSet<>();
    for (Row row : rows) {
      keys.add(key(row.getString(0), row.getString(1)));
    }
    return keys;
  }

  private static String key(String deviceId, String msgId) {
    return deviceId + '\u0000' + msgId;
  }
}
