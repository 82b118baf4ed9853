package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.app.Hub;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.triage.CriticalFloors;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.worker.SchedulePhases;
import dk.telemonitoring.hub.triage.worker.TriageSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic's patients: list and detail (care facts, contact nurse, equality factors, relatives with consent),
 * readings over a time range (downsampled when the range is long), triage results with their explanations,
 * per-patient limits (doctors change them), schedules and device bindings.
 */
final class PatientRoutes {

  /** Ranges longer than this are downsampled unless the caller asks for raw readings. */
  static final Duration RAW_UP_TO = Duration.ofDays(3);
  /** About this many points per series when downsampling. */
  static final int TARGET_POINTS = 300;
  private static final List<Duration> BUCKETS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
      Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1),
      Duration.ofDays(7));
  private static final Set<Role> LIMIT_EDITORS = EnumSet.of(Role.DOCTOR);
  private static final Set<Role> SCHEDULE_EDITORS = EnumSet.of(Role.DOCTOR, Role.ADMIN);
  private static final Set<Role> CONSENT_RECORDERS = EnumSet.of(Role.NURSE, Role.DOCTOR, Role.ADMIN);

  private final Hub hub;
  private final Pool pool;
  private final Access access;
  private final Audit audit;

  PatientRoutes(Hub hub, Access access, Audit audit) {
    this.hub = hub;
    this.pool = hub.pool();
    this.access = access;
    this.audit = audit;
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
    api.get("/api/v1/patients", Role.READERS, this::list);
    api.get(p, Role.READERS, (ctx, who) -> access.patient(ctx, who, "patient.read").compose(ref -> detail(ref, who)));
    api.put(p + "/care", Role.STAFF, (ctx, who) -> access.patient(ctx, who, "patient.care.change")
        .compose(ref -> setCare(ref, who, Json.body(ctx))));
    api.get(p + "/relatives", Role.STAFF, (ctx, who) -> access.patient(ctx, who, "relatives.read")
        .compose(this::relatives));
    api.post(p + "/relatives", CONSENT_RECORDERS, 201, (ctx, who) -> access.patient(ctx, who, "relatives.add")
        .compose(ref -> addRelative(ref, who, Json.body(ctx))));
    api.delete(p + "/relatives/:relativeId", CONSENT_RECORDERS, (ctx, who) -> access.patient(ctx, who, "relatives.withdraw")
        .compose(ref -> withdrawRelative(ref, who, ctx.pathParam("relativeId"))));
    api.get(p + "/readings", Role.READERS, (ctx, who) -> {
      Query q = Query.of(ctx);
      return access.patient(ctx, who, "readings.read").compose(ref -> readings(ref, q));
    });
    api.get(p + "/triage", Role.STAFF, (ctx, who) -> {
      Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(3600));
      Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(14)));
      String minLevel = Json.param(ctx, "minLevel");
      int limit = Json.intParam(ctx, "limit", 500, 1, 5000);
      return access.patient(ctx, who, "triage.read").compose(ref -> triage(ref, from, to, minLevel, limit));
    });
    api.get(p + "/limits", Role.STAFF, (ctx, who) -> access.patient(ctx, who, "limits.read").compose(this::limits));
    api.put(p + "/limits/:code", LIMIT_EDITORS, (ctx, who) -> {
      JsonObject body = Json.body(ctx);
      String code = ctx.pathParam("code");
      return access.patient(ctx, who, "limits.change").compose(ref -> setLimit(ref, who, code, body));
    });
    api.get(p + "/schedules", Role.STAFF, (ctx, who) -> access.patient(ctx, who, "schedules.read")
        .compose(this::schedules));
    api.put(p + "/schedules/:code", SCHEDULE_EDITORS, (ctx, who) -> {
      JsonObject body = Json.body(ctx);
      String code = ctx.pathParam("code");
      return access.patient(ctx, who, "schedules.change").compose(ref -> setSchedule(ref, who, code, body));
    });
    api.get(p + "/devices", Role.STAFF, (ctx, who) -> access.patient(ctx, who, "devices.read").compose(this::devices));
  }

  // ----- patients -----

  private Future<JsonObject> list(RoutingContext ctx, Principal who) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows;
    String select = """
        SELECT p.id, p.clinic_id, p.display_name, p.condition, p.language, p.enrolled_at,
               c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
               coalesce(c.needs_tablet_help, false), n.id, n.display_name,
               (SELECT max(a.level_rank) FROM alerts a WHERE a.patient_id = p.id AND a.state <> 'RESOLVED'),
               (SELECT max(r.measured_at) FROM readings r WHERE r.patient_id = p.id AND r.measured_at > now() - interval '30 days')
        FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
        """;
    if (who.role() == Role.RELATIVE) {
      rows = pool.preparedQuery(select + """
          WHERE p.id IN (SELECT patient_id FROM patient_relatives WHERE user_id = $1 AND withdrawn_at IS NULL)
          ORDER BY p.display_name""").execute(Tuple.of(who.userId()));
    } else {
      rows = pool.preparedQuery(select + " WHERE p.clinic_id = ANY($1) ORDER BY p.display_name")
          .execute(Tuple.of(Access.clinics(ctx, who).toArray(String[]::new)));
    }
    return rows.compose(rs -> {
      JsonArray out = new JsonArray();
      List<PatientRef> refs = new ArrayList<>();
      for (Row r : rs) {
        refs.add(new PatientRef(r.getUUID(0), r.getString(1)));
        Integer rank = r.getInteger(12);
        JsonObject row = patientJson(r).put("openAlertLevel", rank == null ? null : LEVELS.get(rank))
            .put("lastReadingAt", Json.text(r.getOffsetDateTime(13)));
        if (!who.isStaff()) {
          row.remove("equality");
        }
        out.add(row);
      }
      return audit.recordAll(ctx, who, "patients.list", refs).map(x -> new JsonObject().put("patients", out));
    });
  }

  static final List<String> LEVELS = List.of("GREEN", "YELLOW", "RED", "CRITICAL");

  private static JsonObject patientJson(Row r) {
    return new JsonObject().put("id", r.getUUID(0).toString()).put("clinicId", r.getString(1))
        .put("displayName", r.getString(2)).put("condition", r.getString(3)).put("language", r.getString(4))
        .put("enrolledAt", Json.text(r.getOffsetDateTime(5)))
        .put("municipality", r.getString(6))
        .put("equality", new JsonObject().put("noOwnGp", r.getBoolean(7)).put("livesAlone", r.getBoolean(8))
            .put("needsTabletHelp", r.getBoolean(9)))
        .put("contactNurse", r.getUUID(10) == null ? null
            : new JsonObject().put("id", r.getUUID(10).toString()).put("displayName", r.getString(11)));
  }

  private Future<JsonObject> detail(PatientRef ref, Principal who) {
    Future<JsonObject> patient = pool.preparedQuery("""
            SELECT p.id, p.clinic_id, p.display_name, p.condition, p.language, p.enrolled_at,
                   c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
                   coalesce(c.needs_tablet_help, false), n.id, n.display_name, c.updated_by, c.updated_at,
                   c.acute_contacts_year_before, c.bed_days_year_before
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
            WHERE p.id = $1""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          Row r = rs.iterator().next();
          return patientJson(r).put("careUpdatedBy", r.getString(12)).put("careUpdatedAt", Json.text(r.getOffsetDateTime(13)))
              .put("yearBeforeEnrolment", r.getInteger(14) == null ? null
                  : new JsonObject().put("acuteContacts", r.getInteger(14)).put("bedDays", r.getInteger(15)));
        });
    Future<JsonArray> devices = who.isStaff() ? currentDevices(ref) : Future.succeededFuture(new JsonArray());
    Future<JsonObject> latest = latest(ref.id());
    return Future.all(patient, devices, latest).map(x -> {
      JsonObject out = patient.result().put("devices", devices.result()).put("latest", latest.result());
      if (!who.isStaff()) {
        // A relative reads the patient's measurements, not the clinic's own assessments of the patient.
        out.remove("equality");
        out.remove("yearBeforeEnrolment");
        out.remove("careUpdatedBy");
      }
      return out;
    });
  }

  /** The latest value of each measurement code in the last 30 days. */
  Future<JsonObject> latest(UUID patientId) {
    return pool.preparedQuery("""
            SELECT DISTINCT ON (code) code, value, unit, measured_at, flags FROM readings
            WHERE patient_id = $1 AND measured_at > now() - interval '30 days' AND measured_at < now() + interval '1 hour'
            ORDER BY code, measured_at DESC""").execute(Tuple.of(patientId))
        .map(rs -> {
          JsonObject out = new JsonObject();
          for (Row r : rs) {
            out.put(r.getString(0), new JsonObject().put("value", r.getDouble(1)).put("unit", r.getString(2))
                .put("measuredAt", Json.text(r.getOffsetDateTime(3))).put("flags", Json.strings(r, 4)));
          }
          return out;
        });
  }

  private Future<JsonArray> currentDevices(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT d.id, d.kind, d.status, d.last_seen_at, d.battery, b.bound_at
            FROM device_bindings b JOIN devices d ON d.id = b.device_id
            WHERE b.patient_id = $1 AND b.unbound_at IS NULL ORDER BY d.id""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("id", r.getString(0)).put("kind", r.getString(1)).put("status", r.getString(2))
                .put("lastSeenAt", Json.text(r.getOffsetDateTime(3))).put("battery", r.getInteger(4))
                .put("boundAt", Json.text(r.getOffsetDateTime(5))));
          }
          return out;
        });
  }

  private Future<JsonObject> setCare(PatientRef ref, Principal who, JsonObject body) {
    String nurse = body.getString("contactNurseId");
    UUID nurseId;
    try {
      nurseId = nurse == null || nurse.isBlank() ? null : UUID.fromString(nurse);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'contactNurseId' must be a user id");
    }
    Future<Void> nurseOk = nurseId == null ? Future.succeededFuture() : pool.preparedQuery("""
            SELECT 1 FROM app_users u JOIN app_user_clinics c ON c.user_id = u.id
            WHERE u.id = $1 AND u.role = 'NURSE' AND u.active AND c.clinic_id = $2""")
        .execute(Tuple.of(nurseId, ref.clinicId()))
        .compose(rs -> rs.size() == 1 ? Future.succeededFuture()
            : Future.failedFuture(ApiError.badRequest("the contact nurse must be an active nurse of the patient's clinic")));
    Integer contactsBefore = count(body, "acuteContactsYearBefore", 10_000);
    Integer bedDaysBefore = count(body, "bedDaysYearBefore", 366);
    if ((contactsBefore == null) != (bedDaysBefore == null)) {
      throw ApiError.badRequest("record 'acuteContactsYearBefore' and 'bedDaysYearBefore' together (or neither)");
    }
    return nurseOk.compose(x -> pool.preparedQuery("""
            INSERT INTO patient_care (patient_id, contact_nurse_id, municipality, no_own_gp, lives_alone, needs_tablet_help,
                                      updated_by, acute_contacts_year_before, bed_days_year_before)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (patient_id) DO UPDATE SET contact_nurse_id = EXCLUDED.contact_nurse_id,
              municipality = EXCLUDED.municipality, no_own_gp = EXCLUDED.no_own_gp, lives_alone = EXCLUDED.lives_alone,
              needs_tablet_help = EXCLUDED.needs_tablet_help, updated_by = EXCLUDED.updated_by, updated_at = now(),
              acute_contacts_year_before = EXCLUDED.acute_contacts_year_before,
              bed_days_year_before = EXCLUDED.bed_days_year_before""")
        .execute(Tuple.tuple().addUUID(ref.id()).addUUID(nurseId).addString(body.getString("municipality"))
            .addBoolean(body.getBoolean("noOwnGp", false)).addBoolean(body.getBoolean("livesAlone", false))
            .addBoolean(body.getBoolean("needsTabletHelp", false)).addString(who.email())
            .addInteger(contactsBefore).addInteger(bedDaysBefore)))
        .compose(x -> detail(ref, who));
  }

  /** An optional whole count in [0, max] from the body, or null. */
  private static Integer count(JsonObject body, String key, int max) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0 || n.intValue() > max) {
      throw ApiError.badRequest("'" + key + "' must be a whole number from 0 to " + max);
    }
    return n.intValue();
  }

  // ----- relatives (read access only with the patient's recorded consent) -----

  private Future<JsonObject> relatives(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT r.id, u.id, u.email, u.display_name, r.relation, r.consent_recorded_at, r.consent_recorded_by,
                   r.consent_note, r.withdrawn_at, r.withdrawn_by
            FROM patient_relatives r JOIN app_users u ON u.id = r.user_id WHERE r.patient_id = $1 ORDER BY r.id""")
        .execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("id", r.getLong(0)).put("userId", r.getUUID(1).toString())
                .put("email", r.getString(2)).put("displayName", r.getString(3)).put("relation", r.getString(4))
                .put("consentRecordedAt", Json.text(r.getOffsetDateTime(5))).put("consentRecordedBy", r.getString(6))
                .put("consentNote", r.getString(7)).put("withdrawnAt", Json.text(r.getOffsetDateTime(8)))
                .put("withdrawnBy", r.getString(9)));
          }
          return new JsonObject().put("relatives", out);
        });
  }

  private Future<JsonObject> addRelative(PatientRef ref, Principal who, JsonObject body) {
    String email = Json.required(body, "email").toLowerCase();
    String relation = Json.required(body, "relation");
    if (!Boolean.TRUE.equals(body.getBoolean("consentGiven"))) {
      throw ApiError.badRequest("a relative gets access only with the patient's consent: set consentGiven and describe it in consentNote");
    }
    String note = Json.required(body, "consentNote");
    return pool.preparedQuery("SELECT id FROM app_users WHERE email = $1 AND role = 'RELATIVE' AND active")
        .execute(Tuple.of(email))
        .compose(rs -> {
          if (rs.size() == 0) {
            return Future.failedFuture(ApiError.badRequest("no active relative account with that e-mail (an admin creates it)"));
          }
          return pool.preparedQuery("""
                  INSERT INTO patient_relatives (patient_id, user_id, relation, consent_recorded_at, consent_recorded_by, consent_note)
                  VALUES ($1, $2, $3, now(), $4, $5)""")
              .execute(Tuple.of(ref.id(), rs.iterator().next().getUUID(0), relation, who.email(), note));
        })
        .compose(x -> relatives(ref));
  }

  private Future<JsonObject> withdrawRelative(PatientRef ref, Principal who, String relativeId) {
    long id;
    try {
      id = Long.parseLong(relativeId);
    } catch (NumberFormatException e) {
      throw ApiError.notFound("relative not found");
    }
    return pool.preparedQuery("""
            UPDATE patient_relatives SET withdrawn_at = now(), withdrawn_by = $3
            WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL""")
        .execute(Tuple.of(id, ref.id(), who.email()))
        .compose(rs -> rs.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("relative not found"))
            : relatives(ref));
  }

  // ----- readings -----

  record Query(List<String> codes, Instant from, Instant to, String bucket, int limit) {
    static Query of(RoutingContext ctx) {
      Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(3600));
      Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(7)));
      if (!from.isBefore(to)) {
        throw ApiError.badRequest("'from' must be before 'to'");
      }
      if (Duration.between(from, to).compareTo(Duration.ofDays(3 * 366)) > 0) {
        throw ApiError.badRequest("the range may be at most three years");
      }
      String code = Json.param(ctx, "code");
      List<String> codes = code == null ? List.of()
          : Arrays.stream(code.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      for (String c : codes) {
        if (!c.matches("[a-z0-9_]{1,32}")) {
          throw ApiError.badRequest("unknown measurement code '" + c + "'");
        }
      }
      String bucket = Json.param(ctx, "bucket");
      return new Query(codes, from, to, bucket == null ? "auto" : bucket, Json.intParam(ctx, "limit", 2000, 1, 20_000));
    }
  }

  private Future<JsonObject> readings(PatientRef ref, Query q) {
    Duration range = Duration.between(q.from(), q.to());
    Duration bucket = switch (q.bucket()) {
      case "none", "raw" -> null;
      case "auto" -> range.compareTo(RAW_UP_TO) > 0 ? chooseBucket(range) : null;
      default -> {
        try {
          Duration d = Duration.parse(q.bucket());
          if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            throw ApiError.badRequest("'bucket' must be at least PT1M");
          }
          yield d;
        } catch (java.time.format.DateTimeParseException e) {
          throw ApiError.badRequest("'bucket' must be auto, none or an ISO-8601 duration such as PT1H");
        }
      }
    };
    String[] codes = q.codes().toArray(String[]::new);
    Future<JsonObject> baselines = baselines(ref.id(), codes, q.to());
    Future<JsonObject> data = bucket == null ? raw(ref.id(), codes, q) : downsampled(ref.id(), codes, q, bucket);
    return Future.all(baselines, data).map(x -> data.result().put("baselines", baselines.result())
        .put("patientId", ref.id().toString()).put("from", q.from().toString()).put("to", q.to().toString()));
  }

  static Duration chooseBucket(Duration range) {
    Duration ideal = range.dividedBy(TARGET_POINTS);
    for (Duration b : BUCKETS) {
      if (b.compareTo(ideal) >= 0) {
        return b;
      }
    }
    return BUCKETS.get(BUCKETS.size() - 1);
  }

  private Future<JsonObject> raw(UUID patientId, String[] codes, Query q) {
    return pool.preparedQuery("""
            SELECT r.measured_at, r.code, r.value, r.unit, r.device_id, r.msg_id, r.flags, r.received_at,
                   (SELECT json_agg(json_build_object('rule', t.rule_id, 'level', t.level, 'en', t.explanation_en,
                                    'da', t.explanation_da, 'decisive', t.decisive) ORDER BY t.decisive DESC, t.rule_id)
                    FROM triage_results t WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id AND t.level <> 'GREEN'),
                   (SELECT t.message_level FROM triage_results t WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id LIMIT 1)
            FROM readings r
            WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
              AND r.measured_at >= $3 AND r.measured_at < $4
            ORDER BY r.measured_at DESC, r.code LIMIT $5""")
        .execute(Tuple.of(patientId, codes, q.from().atOffset(ZoneOffset.UTC), q.to().atOffset(ZoneOffset.UTC), q.limit()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            Object findings = r.getValue(8);
            out.add(new JsonObject().put("measuredAt", Json.text(r.getOffsetDateTime(0))).put("code", r.getString(1))
                .put("value", r.getDouble(2)).put("unit", r.getString(3)).put("deviceId", r.getString(4))
                .put("msgId", r.getString(5)).put("flags", Json.strings(r, 6))
                .put("receivedAt", Json.text(r.getOffsetDateTime(7)))
                .put("level", r.getString(9))
                .put("findings", findings instanceof JsonArray a ? a : new JsonArray()));
          }
          return new JsonObject().put("downsampled", false).put("readings", out).put("truncated", out.size() >= q.limit());
        });
  }

  /**
   * One point per code and bucket (mean, min, max, count): {@code time_bucket} on TimescaleDB, {@code date_bin} (its
   * PostgreSQL 14+ equivalent) otherwise.
   */
  private Future<JsonObject> downsampled(UUID patientId, String[] codes, Query q, Duration bucket) {
    boolean timescale = hub.storageMode() == StorageMode.TIMESCALEDB;
    String bucketExpr = timescale ? "time_bucket(make_interval(secs => $5), r.measured_at)"
        : "date_bin(make_interval(secs => $5), r.measured_at, TIMESTAMPTZ '2000-01-03 00:00:00+00')";
    return pool.preparedQuery("""
            SELECT %s AS bucket, r.code, avg(r.value), min(r.value), max(r.value), count(*), min(r.unit),
                   bool_or(cardinality(r.flags) > 0)
            FROM readings r
            WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
              AND r.measured_at >= $3 AND r.measured_at < $4
            GROUP BY bucket, r.code ORDER BY r.code, bucket""".formatted(bucketExpr))
        .execute(Tuple.of(patientId, codes, q.from().atOffset(ZoneOffset.UTC), q.to().atOffset(ZoneOffset.UTC),
            (double) bucket.toSeconds()))
        .map(rs -> {
          Map<String, JsonObject> series = new LinkedHashMap<>();
          for (Row r : rs) {
            JsonObject s = series.computeIfAbsent(r.getString(1), c -> new JsonObject().put("code", c)
                .put("unit", r.getString(6)).put("points", new JsonArray()));
            s.getJsonArray("points").add(new JsonObject().put("t", Json.text(r.getOffsetDateTime(0)))
                .put("mean", r.getDouble(2)).put("min", r.getDouble(3)).put("max", r.getDouble(4))
                .put("n", r.getLong(5)).put("flagged", r.getBoolean(7)));
          }
          return new JsonObject().put("downsampled", true).put("bucket", bucket.toString())
              .put("function", timescale ? "time_bucket" : "date_bin")
              .put("series", new JsonArray(new ArrayList<>(series.values())));
        });
  }

  /**
   * The personal baseline band per code: median and MAD of the 28 days before {@code to}, leaving out alert
   * episodes and the 14 days after them (CLINICAL.md "Personal baseline"); null where fewer than 5 readings.
   */
  private Future<JsonObject> baselines(UUID patientId, String[] codes, Instant to) {
    return pool.preparedQuery("""
            WITH stable AS (
              SELECT r.code, r.value FROM readings r
              WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
                AND r.measured_at >= $3::timestamptz - interval '28 days' AND r.measured_at < $3::timestamptz
                AND NOT EXISTS (SELECT 1 FROM triage_episodes e WHERE e.patient_id = r.patient_id
                  AND r.measured_at >= e.opened_at AND r.measured_at < coalesce(e.closed_at, 'infinity') + interval '14 days')
            ), med AS (
              SELECT code, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median, count(*) AS n FROM stable GROUP BY code
            )
            SELECT m.code, m.median, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(s.value - m.median)), m.n
            FROM med m JOIN stable s ON s.code = m.code WHERE m.n >= 5 GROUP BY m.code, m.median, m.n""")
        .execute(Tuple.of(patientId, codes, to.atOffset(ZoneOffset.UTC)))
        .map(rs -> {
          JsonObject out = new JsonObject();
          for (Row r : rs) {
            out.put(r.getString(0), new JsonObject().put("median", r.getDouble(1)).put("mad", r.getDouble(2))
                .put("n", r.getLong(3)));
          }
          return out;
        });
  }

  // ----- triage results -----

  private Future<JsonObject> triage(PatientRef ref, Instant from, Instant to, String minLevel, int limit) {
    int minRank = minLevel == null ? 0 : LEVELS.indexOf(minLevel.toUpperCase());
    if (minRank < 0) {
      throw ApiError.badRequest("'minLevel' must be GREEN, YELLOW, RED or CRITICAL");
    }
    return pool.preparedQuery("""
            SELECT id, device_id, msg_id, measured_at, level, message_level, rule_id, rule_version, inputs,
                   explanation_en, explanation_da, decisive, passive, repeat_requested, late, created_at
            FROM triage_results
            WHERE patient_id = $1 AND measured_at >= $2 AND measured_at < $3
              AND array_position(ARRAY['GREEN','YELLOW','RED','CRITICAL'], level) - 1 >= $4
            ORDER BY measured_at DESC, decisive DESC, id DESC LIMIT $5""")
        .execute(Tuple.of(ref.id(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), minRank, limit))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            Object inputs = r.getValue(8);
            out.add(new JsonObject().put("id", r.getLong(0)).put("deviceId", r.getString(1)).put("msgId", r.getString(2))
                .put("measuredAt", Json.text(r.getOffsetDateTime(3))).put("level", r.getString(4))
                .put("messageLevel", r.getString(5)).put("ruleId", r.getString(6)).put("ruleVersion", r.getInteger(7))
                .put("inputs", inputs instanceof JsonObject || inputs instanceof JsonArray ? inputs : null)
                .put("explanation", new JsonObject().put("en", r.getString(9)).put("da", r.getString(10)))
                .put("decisive", r.getBoolean(11)).put("passive", r.getBoolean(12))
                .put("repeatRequested", r.getBoolean(13)).put("late", r.getBoolean(14))
                .put("triagedAt", Json.text(r.getOffsetDateTime(15))));
          }
          return new JsonObject().put("results", out);
        });
  }

  // ----- limits (doctors change them; every change audited by the triage table's trigger too) -----

  private Future<JsonObject> limits(PatientRef ref) {
    Future<JsonArray> current = pool.preparedQuery("""
            SELECT code, critical_low, red_low, yellow_low, yellow_high, red_high, critical_high, author, reason,
                   set_at, review_by, group_default
            FROM patient_limits WHERE patient_id = $1 ORDER BY code""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            JsonObject o = new JsonObject().put("code", r.getString(0)).put("criticalLow", r.getDouble(1))
                .put("redLow", r.getDouble(2)).put("yellowLow", r.getDouble(3)).put("yellowHigh", r.getDouble(4))
                .put("redHigh", r.getDouble(5)).put("criticalHigh", r.getDouble(6)).put("author", r.getString(7))
                .put("reason", r.getString(8)).put("setAt", Json.text(r.getOffsetDateTime(9)))
                .put("reviewBy", Json.text(r.getOffsetDateTime(10))).put("groupDefault", r.getBoolean(11));
            CriticalFloors.of(r.getString(0)).ifPresent(f -> o.put("floor",
                new JsonObject().put("low", f.low()).put("high", f.high())));
            out.add(o);
          }
          return out;
        });
    Future<JsonArray> history = pool.preparedQuery("""
            SELECT code, operation, old_row, new_row, changed_by, reason, changed_at FROM patient_limit_audit
            WHERE patient_id = $1 ORDER BY changed_at DESC LIMIT 50""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("code", r.getString(0)).put("operation", r.getString(1))
                .put("old", r.getValue(2)).put("new", r.getValue(3)).put("changedBy", r.getString(4))
                .put("reason", r.getString(5)).put("changedAt", Json.text(r.getOffsetDateTime(6))));
          }
          return out;
        });
    return Future.all(current, history).map(x -> new JsonObject().put("limits", current.result())
        .put("history", history.result()));
  }

  private Future<JsonObject> setLimit(PatientRef ref, Principal who, String code, JsonObject body) {
    if (!code.matches("[a-z0-9_]{1,32}")) {
      throw ApiError.badRequest("unknown measurement code '" + code + "'");
    }
    Instant now = Instant.now();
    Instant reviewBy = body.getString("reviewBy") == null ? now.plus(PatientLimit.DEFAULT_REVIEW)
        : Instant.parse(body.getString("reviewBy"));
    PatientLimit limit = new PatientLimit(code, Json.dbl(body, "criticalLow"), Json.dbl(body, "redLow"),
        Json.dbl(body, "yellowLow"), Json.dbl(body, "yellowHigh"), Json.dbl(body, "redHigh"),
        Json.dbl(body, "criticalHigh"), who.email(), Json.required(body, "reason"), now, reviewBy, false);
    limit.validate(); // relaxing a CRITICAL floor or thresholds out of order: 400 with the reason
    return pool.withTransaction(tx -> TriageSql.setLimit(tx, ref.id(), limit)).compose(x -> limits(ref));
  }

  // ----- schedules -----

  private Future<JsonObject> schedules(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT code, start_date, phases, grace_minutes, zone, created_by, created_at
            FROM patient_schedules WHERE patient_id = $1 ORDER BY code""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("code", r.getString(0)).put("startDate", r.getLocalDate(1).toString())
                .put("phases", r.getString(2)).put("graceMinutes", r.getInteger(3)).put("zone", r.getString(4))
                .put("createdBy", r.getString(5)).put("createdAt", Json.text(r.getOffsetDateTime(6))));
          }
          return new JsonObject().put("schedules", out);
        });
  }

  private Future<JsonObject> setSchedule(PatientRef ref, Principal who, String code, JsonObject body) {
    String phases = Json.required(body, "phases");
    try {
      SchedulePhases.parse(phases);
    } catch (RuntimeException e) {
      throw ApiError.badRequest("'phases' is not a schedule such as TWICE_DAILY:0-14,TWICE_WEEKLY:14- (" + e.getMessage() + ")");
    }
    LocalDate start = body.getString("startDate") == null ? LocalDate.now() : LocalDate.parse(body.getString("startDate"));
    int grace = body.getInteger("graceMinutes", 120);
    if (grace < 0 || grace > 24 * 60) {
      throw ApiError.badRequest("'graceMinutes' must be between 0 and 1440");
    }
    return pool.preparedQuery("""
            INSERT INTO patient_schedules (patient_id, code, start_date, phases, grace_minutes, created_by)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (patient_id, code) DO UPDATE SET start_date = EXCLUDED.start_date, phases = EXCLUDED.phases,
              grace_minutes = EXCLUDED.grace_minutes, created_by = EXCLUDED.created_by, created_at = now()""")
        .execute(Tuple.of(ref.id(), code, start, phases, grace, who.email()))
        .compose(x -> schedules(ref));
  }

  // ----- devices and bindings -----

  private Future<JsonObject> devices(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT d.id, d.kind, d.status, d.last_seen_at, d.battery, b.bound_at, b.unbound_at, b.bound_by
            FROM device_bindings b JOIN devices d ON d.id = b.device_id
            WHERE b.patient_id = $1 ORDER BY b.bound_at DESC""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("deviceId", r.getString(0)).put("kind", r.getString(1))
                .put("status", r.getString(2)).put("lastSeenAt", Json.text(r.getOffsetDateTime(3)))
                .put("battery", r.getInteger(4)).put("boundAt", Json.text(r.getOffsetDateTime(5)))
                .put("unboundAt", Json.text(r.getOffsetDateTime(6))).put("boundBy", r.getString(7)));
          }
          return new JsonObject().put("bindings", out);
        });
  }
}
