package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A URL beyond the HTTP server's limit, in the query or in the path, written on a raw socket: the
 * answer is a JSON error (414 or 431), and the hub serves on.
 */
class OverlongUrlApiTest extends HostileApiFixture {

  OverlongUrlApiTest() {
    super("overlongurl");
  }

  @Test
  @Order(4)
  void aUrlBeyondTheServersLimitIsAJsonErrorAndTheHubServesOn() throws IOException {
    // Written on a raw socket: such a request never reaches the router, and the JDK client would
    // add an h2c upgrade.
    for (String target :
        List.of(
            "/api/v1/patients?clinic=" + "x".repeat(5_000),
            "/api/v1/patients/" + "x".repeat(10_000))) {
      String answer = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      // Netty reports an over-long request line as 414, or as 431 once it also exceeds the header
      // block limit.
      assertThat(answer)
          .as(target.length() + " characters")
          .matches("(?s)HTTP/1.[01] (414|431) .*");
      assertThat(answer).containsIgnoringCase("content-type: application/json");
      assertThat(
              new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getString("error"))
          .isNotBlank();
    }
    assertThat(callers.get("admin.a@test.dk").send("GET", "/api/v1/patients", null).statusCode())
        .isEqualTo(200);
  }

  private String raw(String request) throws IOException {
    URI uri = URI.create(base);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
