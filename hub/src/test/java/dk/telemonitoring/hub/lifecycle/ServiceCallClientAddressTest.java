package dk.telemonitoring.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service API's export and erasure record the client's address as the trusted-proxy rules
 * resolve it (HUB_HTTP_TRUSTED_PROXIES), as every other audited call does: the address a trusted
 * proxy names in X-Forwarded-For, and the peer's own address when the peer is not a trusted proxy
 * (a forged header must not hide who asked).
 */
class ServiceCallClientAddressTest {

  private static final String CLIENT = "203.0.113.7";

  @Test
  void throughATrustedProxyTheForwardedClientIsRecorded() throws Exception {
    try (TestHub hub =
        TestHub.inFreshDatabase(
            "lifecycle_xff_trusted", s -> s.put(Setting.HTTP_TRUSTED_PROXIES, "127.0.0.1, ::1"))) {
      assertThat(recordedAddresses(hub)).isEqualTo(CLIENT);
    }
  }

  @Test
  void fromAPeerThatIsNoTrustedProxyThePeerIsRecordedAndTheHeaderIgnored() throws Exception {
    try (TestHub hub =
        TestHub.inFreshDatabase(
            "lifecycle_xff_untrusted", s -> s.put(Setting.HTTP_TRUSTED_PROXIES, "10.0.0.0/8"))) {
      assertThat(recordedAddresses(hub)).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
    }
  }

  /** Exports and erases one patient with X-Forwarded-For set; the addresses the audit log kept. */
  private static String recordedAddresses(TestHub hub) throws Exception {
    UUID patient = hub.provision("xff", "ox-xff-1", "COPD");
    String path = "/api/v1/service/patients/" + patient;
    assertThat(send(hub, "GET", path + "/export").statusCode()).isEqualTo(200);
    assertThat(send(hub, "DELETE", path + "?reference=CASE-1").statusCode()).isEqualTo(200);
    assertThat(
            Sql.count(
                hub.db(),
                "SELECT count(*) FROM audit_log WHERE path LIKE '/api/v1/service/patients/%'"))
        .as("the export and the erasure are both audited")
        .isEqualTo(2);
    return Sql.text(
        hub.db(),
        "SELECT string_agg(DISTINCT ip, ',') FROM audit_log"
            + " WHERE path LIKE '/api/v1/service/patients/%'");
  }

  private static HttpResponse<String> send(TestHub hub, String method, String path)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN)
                .header("X-Forwarded-For", CLIENT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
