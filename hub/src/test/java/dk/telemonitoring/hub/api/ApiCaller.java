package dk.telemonitoring.hub.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Who sends: a logged-in person, the service token, or nobody. */
final class ApiCaller {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String name;
  private final ApiClient session;
  private final String base;
  private final String token;

  private ApiCaller(String name, ApiClient session, String base, String token) {
    this.name = name;
    this.session = session;
    this.base = base;
    this.token = token;
  }

  static ApiCaller session(String who, ApiClient c) {
    return new ApiCaller(who, c, c.base, null);
  }

  static ApiCaller token(String base, String token) {
    return new ApiCaller("service token", null, base, token);
  }

  static ApiCaller anonymous(String base) {
    return new ApiCaller("anonymous", null, base, null);
  }

  HttpResponse<String> send(String method, String pathAndQuery, String body) {
    if (session != null) {
      return session.send(method, pathAndQuery, body);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
