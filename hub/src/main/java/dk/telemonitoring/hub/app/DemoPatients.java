package dk.telemonitoring.hub.app;

import dk.telemonitoring.hub.store.RegistryStore;
import java.time.Instant;

/** Provisions the demo clinic, its patients and their devices. */
final class DemoPatients {

  static final String CLINIC = "vios";

  private DemoPatients() {}

  static AutoCloseable start(Hub hub, String mqttUrl) {
    RegistryStore registry = new RegistryStore(hub.pool());
    registry.createClinic(CLINIC, "ViosKlinikken (demo)", "Europe/Copenhagen").await();
    return () -> { };
  }

  static Instant since() {
    return Instant.now().minusSeconds(30L * 86_400);
  }
}
