package dk.telemonitoring.hub.app;

import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.ingest.BrokerTls;
import dk.telemonitoring.hub.ingest.DevicePublisher;
import dk.telemonitoring.hub.ingest.IngestMetrics;
import dk.telemonitoring.hub.ingest.IngestPipeline;
import dk.telemonitoring.hub.ingest.MqttIngestSettings;
import dk.telemonitoring.hub.ingest.MqttIngestVerticle;
import dk.telemonitoring.hub.ingest.PayloadDecoder;
import dk.telemonitoring.hub.ingest.SlotKeeper;
import dk.telemonitoring.hub.reading.TopicScheme;
import dk.telemonitoring.hub.reading.ValueValidator;
import dk.telemonitoring.hub.store.BatchWriter;
import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.SlotLeases;
import dk.telemonitoring.hub.store.WriteItem;
import dk.telemonitoring.hub.store.Written;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT ingest built from the configuration and deployed: one verticle under the configured
 * client id or, with client-id slots ({@code HUB_MQTT_SLOTS}), one under the first slot this hub
 * leases (a standby slot when live hubs hold them all) and one more under each slot it takes over
 * from a hub that died. Each committed batch is counted and told to the hub's commit listeners.
 * Before them, the publisher every receipt, reply and push goes through, on a connection of its
 * own.
 */
final class IngestDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(IngestDeployment.class);

  private final Vertx vertx;
  private final HubConfig config;
  private final Pool pool;
  private final Pool urgentPool;
  private final DeviceRegistry registry;
  private final IngestMetrics metrics;
  private final List<Hub.CommitListener> commitListeners;
  private SlotKeeper slotKeeper;
  private DevicePublisher publisher;

  IngestDeployment(
      Vertx vertx,
      HubConfig config,
      Pool pool,
      Pool urgentPool,
      DeviceRegistry registry,
      IngestMetrics metrics,
      List<Hub.CommitListener> commitListeners) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
    this.urgentPool = urgentPool;
    this.registry = registry;
    this.metrics = metrics;
    this.commitListeners = commitListeners;
  }

  /** Deploys the ingest; its verticle (the one under this hub's first client id) when started. */
  Future<MqttIngestVerticle> deploy() {
    TopicScheme topics = new TopicScheme(config.get(Setting.MQTT_TOPIC_ROOT));
    MqttIngestSettings settings = settings(config.getInt(Setting.INGEST_MAX_PAYLOAD_BYTES));
    publisher = new DevicePublisher(settings, topics, metrics);
    return vertx.deployVerticle(publisher).compose(id -> deployReadings(topics, settings));
  }

  /** Sends to devices and apps; deployed by {@link #deploy()}. */
  DevicePublisher publisher() {
    return publisher;
  }

  private Future<MqttIngestVerticle> deployReadings(
      TopicScheme topics, MqttIngestSettings settings) {
    ValueValidator validator =
        new ValueValidator(
            Duration.ofSeconds(config.getInt(Setting.INGEST_MAX_FUTURE_SKEW_S)),
            Duration.ofDays(config.getInt(Setting.INGEST_MAX_AGE_DAYS)));
    int maxPayload = config.getInt(Setting.INGEST_MAX_PAYLOAD_BYTES);
    IngestPipeline pipeline =
        new IngestPipeline(topics, new PayloadDecoder(validator, maxPayload), registry);
    BatchWriter.Settings writerSettings =
        new BatchWriter.Settings(
            config.getInt(Setting.INGEST_BATCH_MAX),
            config.getInt(Setting.INGEST_BATCH_DELAY_MS),
            4,
            config.getInt(Setting.INGEST_RETRY_MAX_MS));
    BatchWriter.Listener listener = listener();
    Function<Vertx, BatchWriter> writers =
        v -> new BatchWriter(v, pool, urgentPool, writerSettings, listener);
    List<String> slots =
        Arrays.stream(config.get(Setting.MQTT_SLOTS).split(","))
            .map(String::trim)
            .filter(id -> !id.isEmpty())
            .toList();
    if (slots.isEmpty()) {
      MqttIngestVerticle only =
          new MqttIngestVerticle(settings, topics, pipeline, writers, metrics, publisher);
      return vertx.deployVerticle(only).map(only);
    }
    Duration lease = Duration.ofMillis(config.getInt(Setting.MQTT_SLOT_LEASE_MS));
    String preferred = config.get(Setting.MQTT_CLIENT_ID);
    slotKeeper =
        new SlotKeeper(
            new SlotLeases(config.db(), preferred + "/" + UUID.randomUUID(), lease), slots, lease);
    return vertx
        .executeBlocking(() -> slotKeeper.claimFirst(preferred))
        .compose(
            claimed -> {
              String clientId = claimed.orElseGet(() -> slotKeeper.standbySlot(preferred));
              if (claimed.isEmpty()) {
                LOG.warn(
                    "every MQTT client id slot is held by a live hub, standing by [slots: {}]",
                    slots);
              }
              MqttIngestVerticle first =
                  new MqttIngestVerticle(
                      settings.withClientId(clientId),
                      topics,
                      pipeline,
                      writers,
                      metrics,
                      publisher,
                      slotKeeper);
              return vertx.deployVerticle(first).map(first);
            })
        .onSuccess(
            v ->
                slotKeeper.start(
                    takenOver ->
                        vertx.deployVerticle(
                            new MqttIngestVerticle(
                                settings.withClientId(takenOver),
                                topics,
                                pipeline,
                                writers,
                                metrics,
                                publisher,
                                slotKeeper))));
  }

  /** Counts each committed batch and tells the hub's commit listeners. */
  private BatchWriter.Listener listener() {
    return new BatchWriter.Listener() {
      @Override
      public void batchCommitted(List<WriteItem> items, Written written, long nanos) {
        metrics.committed(items, written.outcomes(), nanos);
        commitListeners.forEach(l -> l.committed(items, written));
      }

      @Override
      public void batchFailed(int size, Throwable failure) {
        metrics.batchFailed();
      }
    };
  }

  private MqttIngestSettings settings(int maxPayload) {
    return new MqttIngestSettings(
        config.mqttUri(),
        config.get(Setting.MQTT_CLIENT_ID),
        config.get(Setting.MQTT_USERNAME),
        config.get(Setting.MQTT_PASSWORD),
        config.get(Setting.MQTT_SHARE_GROUP),
        config.getInt(Setting.INGEST_MAX_IN_FLIGHT),
        config.getInt(Setting.MQTT_RECONNECT_MAX_MS),
        config.getBoolean(Setting.FEEDBACK_RECEIPTS),
        maxPayload,
        new BrokerTls(
            config.get(Setting.MQTT_TLS_CA_FILE),
            config.getBoolean(Setting.MQTT_TLS_VERIFY_HOSTNAME)));
  }

  /** Gives up this hub's slot leases (blocking JDBC, on a worker thread). */
  Future<Void> close() {
    return slotKeeper == null
        ? Future.succeededFuture()
        : vertx.executeBlocking(
            () -> {
              slotKeeper.close();
              return null;
            });
  }
}
