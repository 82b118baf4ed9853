package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;

/**
 * A signed HTTP POST. Headers: {@value #TIMESTAMP} (epoch seconds), {@value #SIGNATURE} ({@code
 * sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the target's own secret), and {@value
 * #IDEMPOTENCY_KEY} (the notification id: a retry after a lost response carries the same key). Any
 * 2xx is delivered; anything else fails and is retried.
 */
public final class WebhookChannel implements NotificationChannel {

  public static final String TIMESTAMP = "X-Alert-Timestamp";
  public static final String SIGNATURE = "X-Alert-Signature";
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final HttpClient client;
  private final Clock clock;

  public WebhookChannel(Vertx vertx, HttpClientOptions options, Clock clock) {
    this.client = vertx.createHttpClient(options);
    this.clock = clock;
  }

  /** What the receiver compares {@value #SIGNATURE} with. */
  public static String signature(String secret, String timestamp, String body) {
    return "sha256=" + AckTokens.hmacHex(secret, timestamp + "." + body);
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public Future<String> deliver(NotificationMessage m) {
    if (m.webhookSecret() == null) {
      return Future.failedFuture("webhook target has no secret");
    }
    String body = Payloads.json(m).encode();
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(m.address())
            .putHeader("Content-Type", "application/json")
            .putHeader(TIMESTAMP, timestamp)
            .putHeader(SIGNATURE, signature(m.webhookSecret(), timestamp, body))
            .putHeader(IDEMPOTENCY_KEY, m.notificationId().toString());
    return client
        .request(options)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(
            resp ->
                resp.body()
                    .compose(
                        b ->
                            resp.statusCode() / 100 == 2
                                ? Future.succeededFuture("HTTP " + resp.statusCode())
                                : Future.failedFuture("HTTP " + resp.statusCode())));
  }
}
