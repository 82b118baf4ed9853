package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The rota's shifts as an admin's week reads them, one line each: "from/until name". */
final class OnCallShifts {

  private OnCallShifts() {}

  /** The role's shifts in a {@code GET /api/v1/oncall/shifts} answer, in its order. */
  static List<String> of(String body, String role) {
    return new JsonObject(body)
        .getJsonArray("shifts").stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("role").equals(role))
            .map(
                s ->
                    s.getString("from")
                        + "/"
                        + s.getString("until")
                        + " "
                        + s.getString("displayName"))
            .toList();
  }
}
