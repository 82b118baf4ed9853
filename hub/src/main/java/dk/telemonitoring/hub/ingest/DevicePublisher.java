package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.reading.TopicScheme;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hub sends to devices and clinicians' apps (receipts, triage's replies, alert pushes), on
 * an MQTT connection and event loop of its own. On the readings' connection these publishes and
 * their PUBACKs shared the one event loop that decodes, batches and acknowledges every reading
 * (docs/benchmark.md, "Receipts on a connection of their own"). The connection has no subscription
 * and nothing to resume (clean session, a client id of its own per process), so it never takes a
 * readings slot or session from another hub.
 */
public final class DevicePublisher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DevicePublisher.class);

  private final MqttIngestSettings settings;
  private final TopicScheme topics;
  private final IngestMetrics metrics;

  /** QoS 1 publishes awaiting the broker's PUBACK, and those queued behind them. */
  private final PublishWindow publishes = new PublishWindow();

  private MqttClient client;
  private volatile boolean connected;
  private boolean stopping;
  private final Backoff backoff;

  public DevicePublisher(MqttIngestSettings settings, TopicScheme topics, IngestMetrics metrics) {
    // The readings' client id names the hub in the broker's log; the suffix keeps two processes
    // (a restarted hub and its predecessor's last seconds) from taking each other's connection.
    this.settings =
        settings.withClientId(
            settings.clientId() + "-out-" + UUID.randomUUID().toString().substring(0, 8));
    this.topics = topics;
    this.metrics = metrics;
    this.backoff = new Backoff(settings.reconnectMaxMs());
  }

  @Override
  public Future<?> start() {
    metrics.gauge(
        "hub_broker_publisher_connected",
        "1 while the connection for receipts, replies and pushes is up",
        () -> connected ? 1 : 0);
    metrics.gauge(
        "hub_mqtt_publishes_unacknowledged",
        "Publishes to devices sent and not yet acknowledged by the broker",
        () -> publishes.unacknowledged());
    metrics.gauge(
        "hub_mqtt_publishes_queued",
        "Publishes to devices waiting in the hub for the broker to acknowledge earlier ones",
        () -> publishes.queued());
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    connected = false;
    return client == null
        ? Future.succeededFuture()
        : client.disconnect().recover(e -> Future.succeededFuture());
  }

  /**
   * Publishes on a device's command topic (QoS 1), from any thread. Best effort: the reading is
   * stored anyway.
   */
  public Future<Void> publishCommand(String clinicId, String deviceId, Buffer payload) {
    return publishRaw(topics.commandTopic(clinicId, deviceId), payload);
  }

  /**
   * Publishes on any topic (QoS 1), from any thread, within the {@link PublishWindow}: refused when
   * its queue is full.
   */
  public Future<Void> publishRaw(String topic, Buffer payload) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          if (!publishes.offer(() -> publishNow(topic, payload, done))) {
            done.fail("too many publishes waiting for the broker");
          }
        });
    return done.future();
  }

  public boolean connected() {
    return connected;
  }

  private void publishNow(String topic, Buffer payload, Promise<Void> done) {
    if (client == null || !connected) {
      done.fail("not connected to the broker");
      return;
    }
    publishes.sent();
    MqttClient via = client;
    // The future completes once the PUBLISH is written; the window is freed by the broker's PUBACK.
    via.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false)
        .<Void>mapEmpty()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                acknowledged(via);
              }
              done.handle(ar);
            });
  }

  /** Only the current connection's acknowledgements free the window. */
  private void acknowledged(MqttClient via) {
    if (via == client) {
      publishes.acknowledged();
    } else {
      publishes.drain();
    }
  }

  private void connect() {
    if (stopping) {
      return;
    }
    MqttClient next =
        MqttClient.create(vertx, BrokerClientOptions.of(settings).setCleanSession(true));
    client = next;
    publishes.reset();
    next.closeHandler(v -> onClosed(next));
    next.publishCompletionHandler(packetId -> acknowledged(next));
    next.publishCompletionExpirationHandler(packetId -> acknowledged(next));
    next.connect(BrokerClientOptions.port(settings), settings.brokerUri().getHost())
        .onSuccess(
            connAck -> {
              connected = client == next;
              backoff.reset();
              publishes.drain();
              LOG.info(
                  "connected to broker for publishes [broker: {}, clientId: {}]",
                  settings.brokerUri(),
                  settings.clientId());
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "broker connection for publishes failed [broker: {}, reason: {}]",
                  settings.brokerUri(),
                  e.getMessage());
              next.disconnect();
              reconnectLater();
            });
  }

  private void onClosed(MqttClient closed) {
    if (closed != client) {
      return;
    }
    connected = false;
    if (!stopping) {
      LOG.warn(
          "broker connection for publishes closed, reconnecting [broker: {}]",
          settings.brokerUri());
      reconnectLater();
    }
  }

  private void reconnectLater() {
    if (!stopping) {
      backoff.retryLater(vertx, this::connect);
    }
  }
}
