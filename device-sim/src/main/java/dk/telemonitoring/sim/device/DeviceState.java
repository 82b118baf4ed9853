package dk.telemonitoring.sim.device;

import java.time.Duration;
import java.time.Instant;

/**
 * What a device remembers between messages: its counter, battery, clock error and current outage.
 */
final class DeviceState {
  final Device device;
  final Duration clockSkew;
  final String firmware;
  long sequence;
  double battery;
  Instant offlineFrom = Instant.MIN;
  Instant offlineUntil = Instant.MIN;

  DeviceState(Device device, Duration clockSkew, double battery, String firmware) {
    this.device = device;
    this.clockSkew = clockSkew;
    this.battery = battery;
    this.firmware = firmware;
  }

  boolean isOfflineAt(Instant t) {
    return !t.isBefore(offlineFrom) && t.isBefore(offlineUntil);
  }

  int batteryPercent() {
    return (int) Math.max(1, Math.min(100, Math.round(battery)));
  }
}
