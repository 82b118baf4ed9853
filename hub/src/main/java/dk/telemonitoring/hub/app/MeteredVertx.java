package dk.telemonitoring.hub.app;

import dk.telemonitoring.hub.config.HubConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * A Vert.x instance that reports its own metrics (HTTP server requests and connections, event bus,
 * SQL and worker pools, MQTT and TCP clients) into the registry the hub serves on /metrics, beside
 * the hub's and the JVM's. Vert.x's default labels only (method, status code, pool type and name):
 * no request path, so a patient or alert id in a URL never becomes a series of its own.
 */
public record MeteredVertx(Vertx vertx, PrometheusMeterRegistry registry) {

  public static MeteredVertx create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    return new MeteredVertx(vertx, registry);
  }

  public Hub hub(HubConfig config) {
    return new Hub(vertx, config, registry);
  }
}
