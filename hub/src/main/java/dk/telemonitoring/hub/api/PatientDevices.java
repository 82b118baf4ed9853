package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.store.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** A patient's devices: those bound now, and every binding past and present. */
final class PatientDevices {

  private final RegistryStore registry;

  PatientDevices(Pool pool) {
    this.registry = new RegistryStore(pool);
  }

  Future<JsonArray> current(PatientRef ref) {
    return registry
        .bindingsOf(ref.id(), true)
        .map(
            list -> {
              JsonArray out = new JsonArray();
              for (RegistryStore.Binding b : list) {
                out.add(
                    new JsonObject()
                        .put("id", b.deviceId())
                        .put("kind", b.kind())
                        .put("status", b.status())
                        .put("lastSeenAt", Json.text(b.lastSeenAt()))
                        .put("battery", b.battery())
                        .put("boundAt", Json.text(b.boundAt())));
              }
              return out;
            });
  }

  Future<JsonObject> bindings(PatientRef ref) {
    return registry
        .bindingsOf(ref.id(), false)
        .map(
            list -> {
              JsonArray out = new JsonArray();
              for (RegistryStore.Binding b : list) {
                out.add(
                    new JsonObject()
                        .put("deviceId", b.deviceId())
                        .put("kind", b.kind())
                        .put("status", b.status())
                        .put("lastSeenAt", Json.text(b.lastSeenAt()))
                        .put("battery", b.battery())
                        .put("boundAt", Json.text(b.boundAt()))
                        .put("unboundAt", Json.text(b.unboundAt()))
                        .put("boundBy", b.boundBy())
                        // The screen names the person; the e-mail stays for API clients.
                        .put("boundByName", b.boundByName()));
              }
              return new JsonObject().put("bindings", out);
            });
  }
}
