package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.support.TestServices;

/**
 * Managed PostgreSQL services often lack TimescaleDB: the hub must behave the same on plain
 * PostgreSQL.
 */
class IngestOnPlainPostgresTest extends IngestEndToEndTestBase {

  @Override
  DbUrl server() {
    return TestServices.plainPostgres();
  }

  @Override
  StorageMode expectedMode() {
    return StorageMode.PLAIN_POSTGRESQL;
  }
}
