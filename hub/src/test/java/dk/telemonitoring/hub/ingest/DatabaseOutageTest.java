package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TcpProxy;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a steady stream and comes back: every reading the broker accepted is
 * stored once, and the hub's backlog stays within its in-flight bound meanwhile.
 */
class DatabaseOutageTest {

  private static final int MAX_IN_FLIGHT = 100;

  @Test
  void keepsEveryAcknowledgedReadingThroughADatabaseOutageWithBoundedMemory() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "outage");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
      int proxyPort = proxy.start();
      DbUrl viaProxy = new DbUrl("127.0.0.1", proxyPort, db.database(), db.user(), db.password());
      Map<Setting, String> settings =
          TestHub.settings(viaProxy, topicRoot, "hub-outage-" + UUID.randomUUID());
      settings.put(Setting.INGEST_MAX_IN_FLIGHT, String.valueOf(MAX_IN_FLIGHT));
      try (TestHub hub = TestHub.start(settings);
          Devices devices = new Devices(topicRoot)) {
        hub.provision("outage", "ox-outage-1", "COPD");
        AtomicLong maxBacklog = new AtomicLong();
        AtomicInteger published = new AtomicInteger();
        Thread sampler =
            new Thread(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    maxBacklog.accumulateAndGet((long) gauge(hub, "hub_ingest_held"), Math::max);
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        sampler.start();

        int total = 600;
        Instant start = Instant.now().minusSeconds(3600);
        for (int i = 0; i < total; i++) {
          if (i == 100) {
            proxy.cut();
          }
          if (i == 450) {
            proxy.restore();
          }
          devices.publish(
              devices.readingsTopic("outage", "ox-outage-1"),
              Devices.spo2("o-" + i, start.plusSeconds(i), 94, 80));
          published.incrementAndGet();
          Thread.sleep(8);
        }

        long stored =
            Sql.awaitCount(
                db,
                Duration.ofSeconds(60),
                n -> n == 2L * total,
                "SELECT count(*) FROM readings WHERE msg_id LIKE 'o-%'");
        sampler.interrupt();
        assertThat(stored)
            .as("every published reading stored, once")
            .isEqualTo(2L * published.get());
        assertThat(
                Sql.count(
                    db, "SELECT count(DISTINCT msg_id) FROM readings WHERE msg_id LIKE 'o-%'"))
            .isEqualTo(total);
        assertThat(maxBacklog.get())
            .as("backlog held in the hub stays bounded")
            .isLessThanOrEqualTo(MAX_IN_FLIGHT + 1);
        assertThat(gauge(hub, "hub_ingest_held")).isZero();
      } finally {
        TestServices.dropDatabase(db, server);
      }
    }
  }

  private static double gauge(TestHub hub, String name) {
    var gauge = hub.hub().metrics().find(name).gauge();
    return gauge == null ? 0 : gauge.value();
  }
}
