package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.Database;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import dk.telemonitoring.hub.support.TlsPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to PostgreSQL with {@code sslmode=verify-full&sslrootcert=...} in HUB_DB_URL, against a
 * PostgreSQL of the test's own that serves a throwaway certificate naming only {@code localhost}
 * and rejects every connection without TLS: a hub that stores a reading there used TLS on the
 * reactive pool and on JDBC (Flyway, slot leases) alike. With a root certificate that did not sign
 * the server's, or a host name the certificate does not carry, the hub refuses to start, says why,
 * and does not print the password.
 */
class DatabaseTlsTest {

  private static final String PASSWORD = "tls-secret-" + UUID.randomUUID();

  private static TlsPostgres pg;

  @BeforeAll
  static void startServer() throws Exception {
    Assumptions.assumeTrue(
        TlsPostgres.available(), "needs PostgreSQL binaries under /usr/lib/postgresql and openssl");
    pg = TlsPostgres.start("DNS:localhost", PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void storesAReadingPublishedOverMqttWithVerifyFullOnBothDrivers() throws Exception {
    String url = pg.url("localhost", "verify-full", pg.certificates().caFile());
    DbUrl db = DbUrl.parse(url, null, null);
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings = TestHub.settings(db, topicRoot, "hub-tls-" + UUID.randomUUID());
    settings.put(Setting.DB_URL, url);
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      hub.provision("tls", "ox-tls-1", "COPD");
      devices.publish(
          devices.readingsTopic("tls", "ox-tls-1"),
          Devices.spo2("tls-1", Instant.now().minusSeconds(60), 96, 72));

      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(20),
                  n -> n > 0,
                  "SELECT count(*) FROM readings WHERE msg_id = 'tls-1'"))
          .as("the reading is stored over TLS")
          .isPositive();
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                      + " WHERE a.datname = current_database() AND s.ssl"))
          .as("the hub's pool connections are encrypted")
          .isGreaterThan(1);
      assertThat(pg.log()).doesNotContain("no pg_hba.conf entry");
    }
  }

  @Test
  void refusesToStartWithARootCertificateThatDidNotSignTheServers() {
    String url = pg.url("localhost", "verify-full", pg.certificates().otherCaFile());
    assertRefusesToStart(url, "is not signed by the CA in sslrootcert");
    assertBothDriversRefuse(url);
  }

  @Test
  void refusesToStartWhenTheCertificateDoesNotNameTheHost() throws Exception {
    // The certificate names localhost only; 127.0.0.1 is the same server under another name.
    String url = pg.url("127.0.0.1", "verify-full", pg.certificates().caFile());
    assertRefusesToStart(url, "does not name host '127.0.0.1'");
    assertBothDriversRefuse(url);

    // verify-ca skips the name check: the same address is then accepted, so the name is the reason.
    DbUrl caOnly =
        DbUrl.parse(pg.url("127.0.0.1", "verify-ca", pg.certificates().caFile()), null, null);
    try (var c = DriverManager.getConnection(caOnly.jdbcUrl(), caOnly.user(), caOnly.password())) {
      assertThat(c.isValid(5)).isTrue();
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, caOnly, 1, "tls-ca-" + UUID.randomUUID());
      assertThat(pool.query("SELECT 1").execute().await(20, TimeUnit.SECONDS).size()).isEqualTo(1);
    } finally {
      vertx.close().await();
    }
  }

  private static void assertRefusesToStart(String url, String reason) {
    DbUrl db = DbUrl.parse(url, null, null);
    Map<Setting, String> settings =
        TestHub.settings(db, TestServices.uniqueTopicRoot(), "hub-tls-bad-" + UUID.randomUUID());
    settings.put(Setting.DB_URL, url);
    Vertx vertx = Vertx.vertx();
    try {
      Hub hub = new Hub(vertx, HubConfig.resolve(settings, Map.of()));
      assertThatThrownBy(() -> hub.start().await(60, TimeUnit.SECONDS))
          .satisfies(
              e -> {
                String reasons = chain(e);
                assertThat(reasons.lines().findFirst().orElse(""))
                    .as("the first line says what to fix")
                    .contains("TLS to the database failed: its certificate")
                    .contains(reason);
                assertThat(reasons).doesNotContain(PASSWORD);
              });
      hub.stop().otherwiseEmpty().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      vertx.close().await();
    }
  }

  private static void assertBothDriversRefuse(String url) {
    DbUrl db = DbUrl.parse(url, null, null);
    assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()))
        .as("pgJDBC refuses")
        .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD));
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, db, 1, "tls-bad-" + UUID.randomUUID());
      assertThatThrownBy(() -> pool.query("SELECT 1").execute().await(20, TimeUnit.SECONDS))
          .as("the reactive pool refuses")
          .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD));
    } finally {
      vertx.close().await();
    }
  }

  /** Every message in the cause chain, as an operator would read them in the log. */
  private static String chain(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return out.toString();
  }
}
