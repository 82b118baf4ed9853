package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * A phone number a person enters for a call button (a patient's, a member of staff's), checked as
 * the database's constraint checks it: digits and spaces, a leading + allowed, 3 to 20 characters.
 */
final class PhoneNumber {

  private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ]{3,20}");

  private PhoneNumber() {}

  /** The number in {@code field}, trimmed; null when absent, null or blank; else 400. */
  static String from(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw ApiError.badRequest("'" + field + "' must be a string or null");
    }
    String s = v == null ? null : ((String) v).trim();
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (!PHONE.matcher(s).matches()) {
      throw ApiError.badRequest(
          "'"
              + field
              + "' must be a phone number such as +45 70 20 30 40: digits and spaces, a leading +"
              + " allowed, 3 to 20 characters");
    }
    return s;
  }
}
