package dk.telemonitoring.sim.bench;

import dk.telemonitoring.sim.json.JsonText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A nurse of the bench clinic logged into the hub, as the triage screen is: the live stream serves
 * clinic staff with a session only. The bench creates the nurse with the hub's service token
 * ({@code POST /api/v1/service/users}, one new user per bench invocation with a random password)
 * and logs in ({@code POST /api/v1/session}); the session cookie is what the stream is opened with.
 */
final class NurseSession {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private NurseSession() {}

  /** The {@code Cookie} header value of a new nurse session in {@code clinic}. */
  static String login(HubProvisioner hub, String hubUrl, String clinic) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] b = new byte[12];
    random.nextBytes(b);
    String suffix = HexFormat.of().formatHex(b);
    String email = "bench-nurse-" + suffix.substring(0, 8) + "@bench.invalid";
    String password = "bench-" + suffix;
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("email", email);
    user.put("displayName", "Bench nurse " + suffix.substring(0, 8));
    user.put("role", "nurse");
    user.put("password", password);
    user.put("clinics", List.of(clinic));
    HubProvisioner.Result created = hub.post("/api/v1/service/users", user);
    if (!created.ok()) {
      throw new IllegalStateException(
          "cannot create the bench nurse: " + created.status() + " " + created.detail());
    }
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("email", email);
    credentials.put("password", password);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base(hubUrl) + "/api/v1/session"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonText.write(credentials)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "bench nurse login failed: " + r.statusCode() + " " + r.body());
    }
    for (String cookie : r.headers().allValues("set-cookie")) {
      String pair = cookie.split(";", 2)[0].trim();
      if (pair.startsWith("tm_session=")) {
        return pair;
      }
    }
    throw new IllegalStateException("bench nurse login set no session cookie");
  }

  static String base(String hubUrl) {
    return hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
  }
}
