package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.store.PatientCareRecords;
import dk.telemonitoring.hub.store.PatientCareRecords.CareChange;
import dk.telemonitoring.hub.store.PatientCareRecords.CareRecord;
import dk.telemonitoring.hub.store.PatientCareRecords.PatientRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A patient's detail and care facts: contact details, date of birth, contact nurse, the equality
 * factors and the year before enrolment (staff only), with the devices bound and the latest values.
 * Staff record the care facts.
 */
final class PatientCareFacts {

  private final Pool pool;
  private final PatientReadings readings;
  private final PatientDevices devices;

  PatientCareFacts(Pool pool, PatientReadings readings, PatientDevices devices) {
    this.pool = pool;
    this.readings = readings;
    this.devices = devices;
  }

  /** The patient's own facts, as the list and the detail show them. */
  static JsonObject json(PatientRecord r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("clinicId", r.clinicId())
        .put("displayName", r.displayName())
        .put("condition", r.condition())
        .put("language", r.language())
        .put("enrolledAt", Json.text(r.enrolledAt()))
        .put("municipality", r.municipality())
        .put(
            "equality",
            new JsonObject()
                .put("noOwnGp", r.noOwnGp())
                .put("livesAlone", r.livesAlone())
                .put("needsTabletHelp", r.needsTabletHelp()))
        .put(
            "contactNurse",
            r.contactNurseId() == null
                ? null
                : new JsonObject()
                    .put("id", r.contactNurseId().toString())
                    .put("displayName", r.contactNurseName()));
  }

  Future<JsonObject> detail(PatientRef ref, Principal who) {
    Future<JsonObject> patient =
        PatientCareRecords.withCare(pool, ref.id())
            .map(
                found -> {
                  CareRecord r = found.orElseThrow(() -> ApiError.notFound("patient not found"));
                  return json(r.patient())
                      .put("phone", r.phone())
                      .put("birthDate", r.birthDate() == null ? null : r.birthDate().toString())
                      .put("careUpdatedBy", r.updatedBy())
                      // The screen names the person; the e-mail stays for API clients.
                      .put("careUpdatedByName", r.updatedByName())
                      .put("careUpdatedAt", Json.text(r.updatedAt()))
                      .put(
                          "yearBeforeEnrolment",
                          r.acuteContactsYearBefore() == null
                              ? null
                              : new JsonObject()
                                  .put("acuteContacts", r.acuteContactsYearBefore())
                                  .put("bedDays", r.bedDaysYearBefore()));
                });
    Future<JsonArray> devices =
        who.isStaff() ? this.devices.current(ref) : Future.succeededFuture(new JsonArray());
    Future<JsonObject> latest = readings.latest(ref.id());
    return Future.all(patient, devices, latest)
        .map(
            x -> {
              JsonObject out =
                  patient.result().put("devices", devices.result()).put("latest", latest.result());
              if (!who.isStaff()) {
                // A relative reads the patient's measurements, not the clinic's own assessments of
                // the patient.
                out.remove("equality");
                out.remove("phone");
                out.remove("birthDate");
                out.remove("yearBeforeEnrolment");
                out.remove("careUpdatedBy");
                out.remove("careUpdatedByName");
              }
              return out;
            });
  }

  Future<JsonObject> setCare(PatientRef ref, Principal who, JsonObject body) {
    String phone = PhoneNumber.from(body, "phone");
    LocalDate birthDate = birthDate(body);
    String nurse = body.getString("contactNurseId");
    UUID nurseId;
    try {
      nurseId = nurse == null || nurse.isBlank() ? null : UUID.fromString(nurse);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'contactNurseId' must be a user id");
    }
    Future<Void> nurseOk =
        nurseId == null
            ? Future.succeededFuture()
            : PatientCareRecords.isActiveNurseOf(pool, nurseId, ref.clinicId())
                .compose(
                    isNurse ->
                        isNurse
                            ? Future.succeededFuture()
                            : Future.failedFuture(
                                ApiError.badRequest(
                                    "the contact nurse must be an active nurse of the patient's clinic")));
    Integer contactsBefore = count(body, "acuteContactsYearBefore", 10_000);
    Integer bedDaysBefore = count(body, "bedDaysYearBefore", 366);
    if ((contactsBefore == null) != (bedDaysBefore == null)) {
      throw ApiError.badRequest(
          "record 'acuteContactsYearBefore' and 'bedDaysYearBefore' together (or neither)");
    }
    return nurseOk
        .compose(
            x ->
                pool.withTransaction(
                    tx ->
                        PatientCareRecords.saveCare(
                            tx,
                            new CareChange(
                                ref.id(),
                                phone,
                                birthDate,
                                nurseId,
                                body.getString("municipality"),
                                body.getBoolean("noOwnGp", false),
                                body.getBoolean("livesAlone", false),
                                body.getBoolean("needsTabletHelp", false),
                                who.email(),
                                contactsBefore,
                                bedDaysBefore))))
        .compose(x -> detail(ref, who));
  }

  /** The optional date of birth (YYYY-MM-DD), from 1900 up to today, or null. */
  private static LocalDate birthDate(JsonObject body) {
    Object v = body.getValue("birthDate");
    if (v == null || (v instanceof String s && s.isBlank())) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse((String) v);
    } catch (ClassCastException | java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest("'birthDate' must be a date such as 1948-03-21");
    }
    if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(LocalDate.now())) {
      throw ApiError.badRequest("'birthDate' must be from 1900 up to today");
    }
    return date;
  }

  /** An optional whole count in [0, max] from the body, or null. */
  private static Integer count(JsonObject body, String key, int max) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.intValue() < 0
        || n.intValue() > max) {
      throw ApiError.badRequest("'" + key + "' must be a whole number from 0 to " + max);
    }
    return n.intValue();
  }
}
