package dk.telemonitoring.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.hub.app.Hub;
import dk.telemonitoring.hub.app.MeteredVertx;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The demo's people (README, "Demo users") on a hub in demo mode, on real PostgreSQL and Mosquitto
 * ({@code source .ci/env.sh}): every listed login works, and everyone on the demo's on-call rota is
 * one of them, the backup doctor too, so each step of an escalation can be tried in the demo.
 */
class DemoStaffTest {

  @Test
  void everyDemoLoginWorksAndEveryoneOnTheRotaCanLogIn() throws Exception {
    DbUrl server = DbUrl.parse(env("HUB_TEST_PG_URL"), null, null);
    DbUrl db = server.withDatabase("demo_staff_" + UUID.randomUUID().toString().substring(0, 8));
    sql(server, "CREATE DATABASE " + db.database());
    MeteredVertx metered = MeteredVertx.create();
    Vertx vertx = metered.vertx();
    Hub hub = metered.hub(HubConfig.resolve(demoSettings(db), Map.of()));
    try {
      hub.start().await();
      DemoUsers.ensure(vertx, hub.pool()).await();
      DemoPatients.staffOnCall(hub.pool());
      String base = "http://127.0.0.1:" + hub.httpPort();

      Map<String, String> idByEmail = new HashMap<>();
      for (DemoUsers.Account a : DemoUsers.ACCOUNTS) {
        HttpClient browser = browser();
        HttpResponse<String> login = logIn(browser, base, a.email(), a.password());
        assertThat(login.statusCode()).as("log in as %s", a.email()).isEqualTo(201);
        idByEmail.put(
            a.email(), new JsonObject(login.body()).getJsonObject("user").getString("id"));
      }
      assertThat(idByEmail).containsKey("bagvagt@vios.demo");

      HttpClient backup = browser();
      logIn(backup, base, "bagvagt@vios.demo", "demo-backup");
      HttpResponse<String> onCall =
          backup.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/oncall?clinic=vios")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(onCall.statusCode()).isEqualTo(200);
      JsonObject roles = new JsonObject(onCall.body()).getJsonObject("roles");
      for (OnCallRole role : OnCallRole.values()) {
        assertThat(roles.getJsonObject(role.name()).getJsonObject("now").getString("personId"))
            .as("%s now is a demo login", role)
            .isIn(idByEmail.values());
      }
      assertThat(
              roles
                  .getJsonObject(OnCallRole.BACKUP_DOCTOR.name())
                  .getJsonObject("now")
                  .getString("personId"))
          .isEqualTo(idByEmail.get("bagvagt@vios.demo"));
    } finally {
      try {
        hub.stop().await();
      } finally {
        vertx.close().await();
        sql(server, "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
      }
    }
  }

  /** As the demo command starts its hub, on the test services and free ports. */
  private static Map<Setting, String> demoSettings(DbUrl db) {
    Map<Setting, String> s = new EnumMap<>(Setting.class);
    s.put(
        Setting.DB_URL,
        "postgresql://%s:%s@%s:%d/%s"
            .formatted(db.user(), db.password(), db.host(), db.port(), db.database()));
    s.put(Setting.MQTT_URL, env("HUB_TEST_MQTT_URL"));
    // A topic root of its own: other tests' hubs share the broker.
    s.put(Setting.MQTT_TOPIC_ROOT, "d" + UUID.randomUUID().toString().substring(0, 8) + "/v1");
    s.put(Setting.MQTT_CLIENT_ID, "hub-demo-" + UUID.randomUUID());
    s.put(Setting.MQTT_SHARE_GROUP, "");
    s.put(Setting.HTTP_HOST, "127.0.0.1");
    s.put(Setting.HTTP_PORT, "0");
    s.put(Setting.API_SERVICE_TOKEN, UUID.randomUUID().toString());
    s.put(Setting.DEMO_MODE, "true");
    return s;
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  private static HttpResponse<String> logIn(
      HttpClient browser, String base, String email, String password) throws Exception {
    String body = new JsonObject().put("email", email).put("password", password).encode();
    return browser.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void sql(DbUrl server, String statement) throws Exception {
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: source .ci/env.sh (services up)");
    }
    return value;
  }
}
