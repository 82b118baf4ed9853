package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.TestHub;
import org.junit.jupiter.api.Test;

/**
 * A hub told to stop (SIGTERM in production) undeploys everything and closes its pools: its stop
 * once failed with "Unknown deployment", as triage's context was undeployed twice, and everything
 * after it (the slot keeper, the pools) was left open.
 */
class HubStopsCleanlyTest {

  @Test
  void stoppingUndeploysEveryVerticleAndCompletes() {
    try (TestHub hub = TestHub.inFreshDatabase("stopping")) {
      assertThat(hub.vertx().deploymentIDs())
          .as("triage, ingest and HTTP deployed")
          .hasSizeGreaterThan(1);

      hub.hub().stop().await();

      assertThat(hub.vertx().deploymentIDs()).isEmpty();
    }
  }
}
