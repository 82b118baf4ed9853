package dk.telemonitoring.hub.ingest;

import java.net.URI;

/** How the hub's MQTT edge connects and what it answers ({@link MqttIngestVerticle}). */
public record MqttIngestSettings(
    URI brokerUri,
    String clientId,
    String username,
    String password,
    String shareGroup,
    int maxInFlight,
    long reconnectMaxMs,
    boolean receipts,
    int maxPayloadBytes,
    BrokerTls tls) {

  /** The same settings for another client id: a slot taken over from a dead hub. */
  public MqttIngestSettings withClientId(String otherClientId) {
    return new MqttIngestSettings(
        brokerUri,
        otherClientId,
        username,
        password,
        shareGroup,
        maxInFlight,
        reconnectMaxMs,
        receipts,
        maxPayloadBytes,
        tls);
  }

  public boolean ssl() {
    return "ssl".equals(brokerUri.getScheme()) || "mqtts".equals(brokerUri.getScheme());
  }
}
