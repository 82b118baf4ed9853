package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.TcpProxy;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hub whose database takes connections but does not answer yet (a TCP proxy holding them, as a
 * slow start or a failover looks): liveness answers at once, readiness and the API say the hub is
 * starting, and readiness turns UP only when the database is migrated and ingest is subscribed.
 */
class LivenessBeforeReadinessTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void liveAnswersWhileTheDatabaseIsHeldAndReadyOnlyAfterIngestIsUp() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "liveness");
    Vertx vertx =
        Vertx.vertx(
            new io.vertx.core.VertxOptions()
                .setWarningExceptionTime(1)
                .setWarningExceptionTimeUnit(TimeUnit.SECONDS));
    Hub hub = null;
    try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
      int proxyPort = proxy.start();
      proxy.hold();
      DbUrl viaProxy = new DbUrl("127.0.0.1", proxyPort, db.database(), db.user(), db.password());
      Map<Setting, String> settings =
          TestHub.settings(
              viaProxy, TestServices.uniqueTopicRoot(), "hub-liveness-" + UUID.randomUUID());
      hub = new Hub(vertx, HubConfig.resolve(settings, Map.of()));
      Future<Hub> started = hub.start();
      Instant deadline = Instant.now().plusSeconds(30);
      while (hub.httpPort() <= 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      assertThat(hub.httpPort())
          .as("the HTTP listener is open while the database is held")
          .isPositive();
      String base = "http://127.0.0.1:" + hub.httpPort();

      HttpResponse<String> live = get(base + "/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(live.body()).getBoolean("ready")).isFalse();
      HttpResponse<String> ready = get(base + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("STARTING");
      assertThat(get(base + "/health").statusCode()).as("/health means ready").isEqualTo(503);
      HttpResponse<String> api = get(base + "/api/v1/session");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(api.body()).getString("error")).contains("starting");
      assertThat(started.isComplete()).as("the hub is still waiting for its database").isFalse();

      proxy.release();
      started.await(60, TimeUnit.SECONDS);
      HttpResponse<String> up = get(base + "/health/ready");
      deadline = Instant.now().plusSeconds(30);
      while (up.statusCode() != 200 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
        up = get(base + "/health/ready");
      }
      assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
      assertThat(new JsonObject(up.body()).getString("broker")).isEqualTo("UP");
      assertThat(new JsonObject(get(base + "/health/live").body()).getBoolean("ready")).isTrue();
      assertThat(get(base + "/health").statusCode()).isEqualTo(200);
    } finally {
      if (hub != null) {
        hub.stop().otherwiseEmpty().await();
      }
      vertx.close().await();
      TestServices.dropDatabase(db, server);
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
