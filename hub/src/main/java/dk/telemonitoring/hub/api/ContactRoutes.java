package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.ClinicStaff;
import dk.telemonitoring.hub.store.ClinicStaff.Member;
import dk.telemonitoring.hub.store.StaffPhones;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The contact details the alerts module pages a member of staff at (e-mail, push topic, webhook,
 * in-app), read and set by an admin of a clinic the person works in; anyone else is 404. A change
 * is audited in its transaction. The webhook secret is never returned, only whether one is set.
 * Until an admin sets them, joining a rota or being named by a policy gives a person in-app paging
 * and their login e-mail ({@link DutyHolders#ensureContacts}).
 */
final class ContactRoutes {

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

  private final Pool pool;
  private final Audit audit;
  private final String deviceTopicRoot;
  private final OnCallPlans store = new OnCallPlans();

  ContactRoutes(Pool pool, String deviceTopicRoot, Audit audit) {
    this.pool = pool;
    this.audit = audit;
    this.deviceTopicRoot = deviceTopicRoot;
  }

  void mount(Api api) {
    api.get(
        "/api/v1/users/:userId/contact",
        ADMIN,
        (ctx, who) -> {
          UUID id = Json.pathId(ctx, "userId");
          return staff(pool, who, id)
              .compose(
                  person ->
                      store
                          .contact(pool, id.toString())
                          .compose(
                              c ->
                                  StaffPhones.of(pool, id)
                                      .map(phone -> json(person, c, phone.orElse(null)))));
        });
    api.put("/api/v1/users/:userId/contact", ADMIN, this::replace);
  }

  private Future<JsonObject> replace(RoutingContext ctx, Principal who) {
    UUID id = Json.pathId(ctx, "userId");
    ContactDetails wanted = ContactDetails.fromJson(Json.body(ctx), deviceTopicRoot);
    return pool.withTransaction(
        tx ->
            staff(tx, who, id)
                .compose(
                    person ->
                        store
                            .contact(tx, id.toString())
                            .compose(
                                stored -> {
                                  Contact c =
                                      wanted.toContact(
                                          id.toString(),
                                          person.sharedClinic(),
                                          person.displayName(),
                                          stored);
                                  return audit
                                      .record(
                                          tx,
                                          ctx,
                                          who,
                                          "user.contact.change",
                                          person.sharedClinic(),
                                          id.toString())
                                      .compose(x -> store.saveContact(tx, c))
                                      .compose(x -> StaffPhones.set(tx, id, wanted.phone()))
                                      .map(x -> json(person, Optional.of(c), wanted.phone()));
                                })));
  }

  /**
   * 404 unless the user works in one of the admin's clinics (relatives work in none and are never
   * paged).
   */
  private static Future<Member> staff(SqlClient client, Principal admin, UUID userId) {
    return ClinicStaff.inClinics(client, userId, admin.clinics())
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(ApiError.notFound("user not found"))));
  }

  /** Stored details, else what joining a rota would store ({@code stored} false). */
  private static JsonObject json(Member person, Optional<Contact> stored, String phone) {
    JsonObject out =
        new JsonObject()
            .put("userId", person.id().toString())
            .put("displayName", person.displayName())
            .put("phone", phone);
    if (stored.isEmpty()) {
      return out.put("email", person.loginEmail())
          .put("pushTopic", null)
          .put("webhookUrl", null)
          .put("webhookSecretSet", false)
          .put("inApp", true)
          .put("stored", false);
    }
    Contact c = stored.get();
    return out.put("email", c.email())
        .put("pushTopic", c.pushTopic())
        .put("webhookUrl", c.webhookUrl())
        .put("webhookSecretSet", c.webhookSecret() != null)
        .put("inApp", c.inApp())
        .put("stored", true);
  }
}
