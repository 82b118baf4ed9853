package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.support.TestServices;
import org.junit.jupiter.api.Assumptions;

class IngestOnTimescaleDbTest extends IngestEndToEndTestBase {

  @Override
  DbUrl server() {
    Assumptions.assumeTrue(
        TestServices.timescaleAvailable(),
        "TimescaleDB comes from HUB_TEST_PG_URL (set by .ci/run) or a Testcontainers image; neither is here");
    return TestServices.postgres();
  }

  @Override
  StorageMode expectedMode() {
    return StorageMode.TIMESCALEDB;
  }
}
