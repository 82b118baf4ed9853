package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.reading.TopicScheme;
import dk.telemonitoring.hub.store.BatchWriter;
import dk.telemonitoring.hub.store.WriteItem;
import dk.telemonitoring.hub.store.WriteOutcome;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's MQTT edge: a persistent session (clean session off, stable client id) on a shared
 * subscription, QoS 1, manual acknowledgement after commit, reconnect with backoff. The Vert.x
 * client runs on this verticle's event loop with no extra thread or hand-off; Paho's receive path
 * is one callback thread with a small inbound queue.
 *
 * <p>Back-pressure: the broker's per-client in-flight limit (Mosquitto {@code
 * max_inflight_messages}) is meant to bound what arrives unacknowledged, but Mosquitto 2.0.11
 * overruns it while acknowledgements flow. Should more than {@code maxInFlight} wait for the
 * database, the hub stops reading the broker's socket (TCP back-pressure; it stays connected, so
 * what it commits is still acknowledged) and resumes once the backlog is half written. Where the
 * socket cannot be paused it sheds instead: it leaves further messages unacknowledged, and once
 * nothing is held it reconnects, whereupon the broker redelivers exactly the shed messages.
 */
public final class MqttIngestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttIngestVerticle.class);

  private final MqttIngestSettings settings;
  private final TopicScheme topics;
  private final IngestPipeline pipeline;
  private final Function<io.vertx.core.Vertx, BatchWriter> writerFactory;
  private final IngestMetrics metrics;

  /** Leases on the client id; null when client ids are not leased (one fixed id per hub). */
  private final SlotKeeper slots;

  private BatchWriter writer;
  private MqttClient client;
  private AckQueue acks = new AckQueue();

  /** Received and not yet committed, over all connections: what the hub holds in memory. */
  private int held;

  private volatile boolean connected;
  private boolean stopping;
  private boolean shedding;
  private boolean paused;
  private int shed;
  private final Backoff backoff;

  /** Where receipts go: a connection and event loop of their own. */
  private final DevicePublisher publisher;

  public MqttIngestVerticle(
      MqttIngestSettings settings,
      TopicScheme topics,
      IngestPipeline pipeline,
      Function<io.vertx.core.Vertx, BatchWriter> writerFactory,
      IngestMetrics metrics,
      DevicePublisher publisher) {
    this(settings, topics, pipeline, writerFactory, metrics, publisher, null);
  }

  /**
   * With {@code slots}, the client id is a leased slot: every connect first takes or renews the
   * lease, and a lost lease drops the connection (docs/reliability.md).
   */
  public MqttIngestVerticle(
      MqttIngestSettings settings,
      TopicScheme topics,
      IngestPipeline pipeline,
      Function<io.vertx.core.Vertx, BatchWriter> writerFactory,
      IngestMetrics metrics,
      DevicePublisher publisher,
      SlotKeeper slots) {
    this.settings = settings;
    this.publisher = publisher;
    this.backoff = new Backoff(settings.reconnectMaxMs());
    this.topics = topics;
    this.pipeline = pipeline;
    this.writerFactory = writerFactory;
    this.metrics = metrics;
    this.slots = slots;
  }

  @Override
  public Future<?> start() {
    if (settings.ssl() && !settings.tls().verifyHostname()) {
      LOG.warn(
          "broker certificate host name is NOT verified (HUB_MQTT_TLS_VERIFY_HOSTNAME=false) [broker: {}]",
          settings.brokerUri());
    }
    writer = writerFactory.apply(vertx);
    metrics.gauge(
        "hub_ingest_in_flight",
        "Messages received on this connection and not yet acknowledged",
        () -> acks.inFlight());
    metrics.gauge(
        "hub_ingest_held",
        "Messages received and not yet committed (the hub's backlog in memory)",
        () -> held);
    metrics.gauge(
        "hub_ingest_write_backlog", "Messages waiting to be written", () -> writer.pending());
    metrics.gauge(
        "hub_broker_connected",
        "1 while the connection that reads the readings is up",
        () -> connected ? 1 : 0);
    if (slots != null) {
      slots.attach(settings.clientId(), () -> context.runOnContext(v -> dropForLostLease()));
    }
    // Start even when the broker is down: the hub serves its screens and keeps trying.
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    connected = false;
    Future<Void> disconnected =
        client == null
            ? Future.succeededFuture()
            : client.disconnect().recover(e -> Future.succeededFuture());
    // The devices' last-seen times are written about once a second; write the rest before the pool
    // closes.
    return disconnected.compose(
        v ->
            writer == null
                ? Future.succeededFuture()
                : writer.close().recover(e -> Future.succeededFuture()));
  }

  public boolean connected() {
    return connected;
  }

  public boolean databaseUp() {
    return writer != null && writer.databaseUp();
  }

  private void connect() {
    if (stopping) {
      return;
    }
    if (slots == null) {
      connectNow();
      return;
    }
    vertx
        .executeBlocking(() -> slots.acquire(settings.clientId()))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result()) {
                connectNow();
              } else {
                // Another hub holds this client id (or the database cannot say): connecting would
                // make the broker drop that hub's connection, which would take it back in turn.
                LOG.debug(
                    "MQTT client id leased elsewhere, waiting [clientId: {}]", settings.clientId());
                scheduleReconnect();
              }
            });
  }

  /** The lease on the client id is gone: leave the session to the hub that now holds it. */
  private void dropForLostLease() {
    if (client != null && !stopping) {
      client.disconnect();
    }
  }

  private void connectNow() {
    if (stopping) {
      return;
    }
    MqttClient next = MqttClient.create(vertx, BrokerClientOptions.of(settings));
    AckQueue connectionAcks = new AckQueue();
    client = next;
    acks = connectionAcks;
    next.publishHandler(message -> onMessage(message, next, connectionAcks));
    next.closeHandler(v -> onClosed(next, connectionAcks));
    next.connect(BrokerClientOptions.port(settings), settings.brokerUri().getHost())
        .compose(
            connAck ->
                next.subscribe(subscriptionTopic(), MqttQoS.AT_LEAST_ONCE.value()).map(connAck))
        .onSuccess(
            connAck -> {
              connected = client == next;
              backoff.reset();
              LOG.info(
                  "connected to broker [broker: {}, clientId: {}, sessionPresent: {}, subscription: {}]",
                  settings.brokerUri(),
                  settings.clientId(),
                  connAck.isSessionPresent(),
                  subscriptionTopic());
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "broker connection failed [broker: {}, reason: {}]",
                  settings.brokerUri(),
                  e.getMessage());
              next.disconnect();
              scheduleReconnect();
            });
  }

  private String subscriptionTopic() {
    String filter = topics.readingsFilter();
    return settings.shareGroup().isEmpty()
        ? filter
        : "$share/" + settings.shareGroup() + "/" + filter;
  }

  private void onClosed(MqttClient closed, AckQueue connectionAcks) {
    connectionAcks.close();
    if (closed != client) {
      return;
    }
    connected = false;
    if (!stopping) {
      LOG.warn("broker connection closed, reconnecting [broker: {}]", settings.brokerUri());
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (!stopping) {
      backoff.retryLater(vertx, this::connect);
    }
  }

  private void onMessage(MqttPublishMessage message, MqttClient from, AckQueue connectionAcks) {
    if (from != client) {
      return;
    }
    if (shedding) {
      // Left unacknowledged: the broker redelivers it after the reconnect that ends shedding.
      shed++;
      return;
    }
    metrics.received();
    held++;
    Instant receivedAt = Instant.now();
    AckQueue.Slot slot =
        connectionAcks.enqueue(
            message.qosLevel() == MqttQoS.AT_MOST_ONCE ? () -> {} : message::ack);
    submit(message.topicName(), message.payload(), receivedAt, connectionAcks, slot, 0);
    if (held > settings.maxInFlight() && !paused) {
      if (!pauseUntilDrained(from)) {
        shedUntilDrained(from);
      }
    }
  }

  /**
   * Back-pressure by TCP: stop reading the broker's socket until the backlog is half written, so
   * the broker keeps the rest queued in the session. Needed because the broker's in-flight window
   * does not hold: Mosquitto 2.0.11 keeps sending while acknowledgements flow (30,000
   * unacknowledged seen with max_inflight_messages 10000), and beyond 65,535 in flight packet ids
   * repeat, so acknowledgements hit the wrong messages and committed ones come back as duplicates.
   * Acknowledgements are still written while paused. Vert.x MQTT 5.0.8 has no pause() (5.0.9 adds
   * it), so this reaches the client's socket by reflection and returns false when it cannot.
   */
  private boolean pauseUntilDrained(MqttClient from) {
    io.vertx.core.net.NetSocket socket = ClientSockets.socketOf(from);
    if (socket == null) {
      return false;
    }
    paused = true;
    socket.pause();
    LOG.debug(
        "backlog above its limit, pausing reads from the broker [held: {}, limit: {}]",
        held,
        settings.maxInFlight());
    vertx.setPeriodic(
        5,
        id -> {
          if (from != client) {
            vertx.cancelTimer(id);
            paused = false;
          } else if (held <= settings.maxInFlight() / 2 && writer.databaseUp()) {
            vertx.cancelTimer(id);
            paused = false;
            socket.resume();
          }
        });
    return true;
  }

  private void submit(
      String topic,
      Buffer payload,
      Instant receivedAt,
      AckQueue connectionAcks,
      AckQueue.Slot slot,
      int attempt) {
    pipeline
        .toWriteItem(topic, payload, receivedAt)
        .onSuccess(
            item ->
                writer.submit(
                    item,
                    outcome -> {
                      held--;
                      connectionAcks.complete(slot);
                      answer(item, outcome);
                    }))
        .onFailure(
            e -> {
              // The registry could not be read: the database is down. Keep the message
              // unacknowledged and try again.
              long delay = Math.min(settings.reconnectMaxMs(), 100L << Math.min(attempt, 6));
              vertx.setTimer(
                  delay,
                  id -> submit(topic, payload, receivedAt, connectionAcks, slot, attempt + 1));
            });
  }

  private void shedUntilDrained(MqttClient from) {
    shedding = true;
    LOG.warn(
        "backlog above its limit, leaving new messages with the broker until it is written [held: {}, limit: {}]",
        held,
        settings.maxInFlight());
    vertx.setPeriodic(
        200,
        id -> {
          if (from != client) {
            vertx.cancelTimer(id);
            shedding = false;
            shed = 0;
          } else if (held == 0 && writer.databaseUp()) {
            // Everything received on this connection is committed and acknowledged: after the
            // reconnect the broker
            // redelivers only the shed messages. Reconnecting earlier (say at half the backlog)
            // made it redeliver the
            // messages still being written, which were then stored as duplicates: under sustained
            // overload that
            // redelivery dominated and throughput collapsed.
            vertx.cancelTimer(id);
            shedding = false;
            if (shed > 0) {
              LOG.info(
                  "backlog written, reconnecting to collect the messages left with the broker [left: {}]",
                  shed);
              shed = 0;
              backoff.reset();
              from.disconnect();
            }
          }
        });
  }

  private void answer(WriteItem item, WriteOutcome outcome) {
    if (!settings.receipts()) {
      return;
    }
    Receipt.of(item, outcome)
        .ifPresent(
            receipt ->
                publisher
                    .publishCommand(receipt.clinicId(), receipt.deviceId(), receipt.payload())
                    .onFailure(e -> LOG.debug("receipt not sent [reason: {}]", e.getMessage())));
  }
}
