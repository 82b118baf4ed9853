package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Contact;
import io.vertx.core.json.JsonObject;

/**
 * How a member of staff is paged, for the admin's list of users: which channels have an address,
 * and the work phone a colleague can call instead. No contact stored yet means what joining a rota
 * stores: in-app and the login e-mail ({@code set} false).
 */
final class PagingSummary {

  private PagingSummary() {}

  /**
   * @param contact the stored contact, or null
   * @param phone the work phone, or null
   */
  static JsonObject of(Contact contact, String phone) {
    JsonObject out = new JsonObject().put("set", contact != null).put("phone", phone != null);
    if (contact == null) {
      return out.put("inApp", true).put("email", true).put("push", false).put("webhook", false);
    }
    return out.put("inApp", contact.address(Channel.IN_APP).isPresent())
        .put("email", contact.address(Channel.EMAIL).isPresent())
        .put("push", contact.address(Channel.PUSH).isPresent())
        .put("webhook", contact.address(Channel.WEBHOOK).isPresent());
  }
}
