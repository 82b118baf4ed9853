package dk.telemonitoring.hub.ingest;

/**
 * How the hub trusts an ssl:// broker: the CA file (PEM; empty = the JVM's default trust store) and
 * whether the broker's certificate must name the host the hub connects to.
 */
public record BrokerTls(String caFile, boolean verifyHostname) {}
