package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A browser-like client of the people API: keeps the session cookie and sends the CSRF token like
 * app.js does.
 */
public final class ApiClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String base;
  String cookie;
  String csrf;
  String setCookie;

  ApiClient(String base) {
    this.base = base;
  }

  public static ApiClient loggedIn(String base, String email, String password) {
    ApiClient c = new ApiClient(base);
    HttpResponse<String> r = c.login(email, password);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    }
    return c;
  }

  HttpResponse<String> login(String email, String password) {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/session",
            new JsonObject().put("email", email).put("password", password).encode());
    if (r.statusCode() == 201) {
      setCookie = r.headers().firstValue("set-cookie").orElseThrow();
      cookie = setCookie.substring(0, setCookie.indexOf(';'));
      csrf = new JsonObject(r.body()).getString("csrfToken");
    }
    return r;
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  public HttpResponse<String> send(String method, String path, String body) {
    return send(method, path, body, true);
  }

  HttpResponse<String> send(String method, String path, String body, boolean withCsrf) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("User-Agent", "ApiClient-test")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (withCsrf && csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public JsonObject json(String path) {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  /**
   * The two-clinic cast of the API tests: nurse, doctor and admin of clinic-a, and a nurse of
   * clinic-b.
   */
  static void createTwoClinicStaff(String base, String token, String password) {
    createUser(base, token, "nurse.a@test.dk", password, "nurse", "clinic-a");
    createUser(base, token, "doctor.a@test.dk", password, "doctor", "clinic-a");
    createUser(base, token, "admin.a@test.dk", password, "admin", "clinic-a");
    createUser(base, token, "nurse.b@test.dk", password, "nurse", "clinic-b");
  }

  /** Creates a user over the service token (as an operator bootstraps the first admin). */
  public static void createUser(
      String base, String token, String email, String password, String role, String... clinics) {
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("displayName", email.substring(0, email.indexOf('@')))
            .put("role", role)
            .put("password", password)
            .put("clinics", new io.vertx.core.json.JsonArray(java.util.List.of(clinics)));
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/service/users"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("user not created: " + r.statusCode() + " " + r.body());
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
