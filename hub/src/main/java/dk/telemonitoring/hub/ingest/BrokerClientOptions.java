package dk.telemonitoring.hub.ingest;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;

/**
 * The hub's MQTT client as docs/reliability.md needs it: a persistent session (clean session off, a
 * stable client id), acknowledgement only after commit, and TLS that checks the broker's name.
 */
final class BrokerClientOptions {

  private BrokerClientOptions() {}

  static MqttClientOptions of(MqttIngestSettings settings) {
    MqttClientOptions options =
        new MqttClientOptions()
            .setClientId(settings.clientId())
            .setCleanSession(false)
            .setKeepAliveInterval(30)
            .setMaxInflightQueue(10_000)
            .setMaxMessageSize(Math.max(settings.maxPayloadBytes() * 4, 262_144));
    options.setAutoAck(false);
    if (settings.ssl()) {
      configureTls(options, settings.tls());
    }
    if (!settings.username().isEmpty()) {
      options.setUsername(settings.username()).setPassword(settings.password());
    }
    return options;
  }

  static int port(MqttIngestSettings settings) {
    return settings.brokerUri().getPort() > 0
        ? settings.brokerUri().getPort()
        : (settings.ssl() ? 8883 : 1883);
  }

  /**
   * Vert.x clients verify no host name unless told to (NetClientOptions' default algorithm is ""):
   * without "HTTPS" any certificate the CA signed, for any host, would be accepted.
   */
  private static void configureTls(MqttClientOptions options, BrokerTls tls) {
    options.setSsl(true);
    if (!tls.caFile().isEmpty()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile()));
    }
    options.setHostnameVerificationAlgorithm(tls.verifyHostname() ? "HTTPS" : "");
  }
}
