package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.PatientLabelStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a clinic's pages (e-mail, push, webhook) name its patients: by pseudonym (the default) or by
 * name, which the clinic's admin chooses (docs/provisioning.md, "Names or pseudonyms"). Staff of
 * the clinic read it; only its admins change it, audited in the change's transaction.
 */
final class ClinicPagingRoutes {

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

  private final Pool pool;
  private final PatientLabelStore store;
  private final Audit audit;

  ClinicPagingRoutes(Pool pool, Audit audit) {
    this.pool = pool;
    this.store = new PatientLabelStore(pool);
    this.audit = audit;
  }

  void mount(Api api) {
    String path = "/api/v1/clinics/:clinicId/paging";
    api.get(path, Role.STAFF, this::read);
    api.put(path, ADMIN, this::change);
  }

  private Future<JsonObject> read(RoutingContext ctx, Principal who) {
    String clinic = Access.oneClinic(who, ctx.pathParam("clinicId"));
    return store.namesInPages(clinic).map(names -> json(clinic, names));
  }

  private Future<JsonObject> change(RoutingContext ctx, Principal who) {
    String clinic = Access.oneClinic(who, ctx.pathParam("clinicId"));
    JsonObject body = Json.body(ctx);
    if (!(body.getValue("namesInPages") instanceof Boolean names)) {
      throw ApiError.badRequest(
          "'namesInPages' must be true (pages name the patient) or false (pages use a pseudonym)");
    }
    return pool.withTransaction(
            tx ->
                store
                    .setNamesInPages(tx, clinic, names)
                    .compose(
                        x ->
                            audit.record(
                                tx,
                                ctx,
                                who,
                                "clinic.paging.change",
                                clinic,
                                names ? "names in pages" : "pseudonyms in pages")))
        .map(x -> json(clinic, names));
  }

  private static JsonObject json(String clinic, boolean names) {
    return new JsonObject().put("clinicId", clinic).put("namesInPages", names);
  }
}
