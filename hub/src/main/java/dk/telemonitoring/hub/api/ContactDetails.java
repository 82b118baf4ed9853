package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.Contact;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a member of staff is paged, as an admin sets it: e-mail, MQTT push topic, signed webhook,
 * in-app, and the work phone the doctor's alert page calls them on. Every problem is a 400 that
 * names the field and never quotes the value. A PUT replaces all five; the webhook secret, which is
 * never shown, may be left out to keep the stored one while the URL stays the same (so what GET
 * returns can be sent back), but a new URL needs a new secret: the old one must not sign requests
 * to another receiver.
 *
 * @param webhookSecret null when the request leaves it out
 */
record ContactDetails(
    String email,
    String pushTopic,
    String webhookUrl,
    String webhookSecret,
    boolean inApp,
    String phone) {

  /**
   * The WHATWG (HTML form) e-mail syntax, with at least one dot in the domain: mail to a bare host
   * goes nowhere.
   */
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]"
              + "(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  static final int MAX_EMAIL = 254;
  static final int MAX_TOPIC = 200;
  static final int MAX_URL = 2000;
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 200;

  /**
   * Reads a PUT body; {@code deviceTopicRoot} is where devices publish, which a push topic must
   * stay out of.
   */
  static ContactDetails fromJson(JsonObject body, String deviceTopicRoot) {
    String email = text(body, "email");
    if (email != null && (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches())) {
      throw ApiError.badRequest(
          "'email' must be an e-mail address such as name@clinic.dk (at most "
              + MAX_EMAIL
              + " characters)");
    }
    String topic = text(body, "pushTopic");
    if (topic != null) {
      checkTopic(topic, deviceTopicRoot);
    }
    String url = text(body, "webhookUrl");
    if (url != null) {
      checkUrl(url);
    }
    String secret = text(body, "webhookSecret");
    if (secret != null && url == null) {
      throw ApiError.badRequest("'webhookSecret' is given without a 'webhookUrl'");
    }
    if (secret != null
        && (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET || hasControl(secret))) {
      throw ApiError.badRequest(
          "'webhookSecret' must be " + MIN_SECRET + " to " + MAX_SECRET + " printable characters");
    }
    Object inApp = body.getValue("inApp");
    if (inApp != null && !(inApp instanceof Boolean)) {
      throw ApiError.badRequest("'inApp' must be true or false");
    }
    String phone = PhoneNumber.from(body, "phone");
    ContactDetails details =
        new ContactDetails(email, topic, url, secret, inApp == null || (Boolean) inApp, phone);
    if (!details.inApp() && email == null && topic == null && url == null) {
      throw ApiError.badRequest(
          "the person would be unreachable: give 'email', 'pushTopic' or 'webhookUrl', or"
              + " leave 'inApp' true");
    }
    return details;
  }

  /**
   * The contact row to store for {@code personId}, keeping the stored secret (and clinic, and
   * active flag).
   */
  Contact toContact(
      String personId, String clinicId, String displayName, Optional<Contact> stored) {
    String secret = webhookSecret;
    if (webhookUrl != null && secret == null) {
      secret =
          stored
              .filter(c -> webhookUrl.equals(c.webhookUrl()))
              .map(Contact::webhookSecret)
              .orElseThrow(
                  () ->
                      ApiError.badRequest(
                          "'webhookSecret' is required with a new 'webhookUrl': the hub signs every webhook"
                              + " with it (HMAC-SHA256), and the receiver checks the signature"));
    }
    return new Contact(
        personId,
        stored.map(Contact::clinicId).orElse(clinicId),
        displayName,
        email,
        pushTopic,
        webhookUrl,
        secret,
        inApp,
        stored.map(Contact::active).orElse(true));
  }

  /** A string field, absent, null or blank meaning none. */
  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw ApiError.badRequest("'" + field + "' must be a string or null");
    }
    String s = (String) v;
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void checkTopic(String topic, String deviceTopicRoot) {
    String root = deviceTopicRoot.endsWith("/") ? deviceTopicRoot : deviceTopicRoot + "/";
    if (topic.length() > MAX_TOPIC
        || hasControl(topic)
        || topic.contains("+")
        || topic.contains("#")
        || topic.startsWith("$")
        || topic.startsWith("/")
        || topic.equals(deviceTopicRoot)
        || topic.startsWith(root)) {
      throw ApiError.badRequest(
          "'pushTopic' must be an MQTT topic such as clinic-a/pager/dr-hansen: at most "
              + MAX_TOPIC
              + " printable characters, no wildcards (+, #), not starting with $ or /, and not under the"
              + " devices' topic root "
              + root);
    }
  }

  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = url.length() > MAX_URL ? null : new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null) {
      throw ApiError.badRequest(
          "'webhookUrl' must be an https:// URL such as https://pager.example.org/alerts"
              + " (at most "
              + MAX_URL
              + " characters, no user name or password, no #fragment): alerts are health data");
    }
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
