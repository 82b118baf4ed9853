package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.device.DeviceBehaviourSpec;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How badly devices behave. */
public final class DeviceOptions {
  private static final DeviceBehaviourSpec D = DeviceBehaviourSpec.defaults();

  @Option(
      names = "--fault-share",
      description = "share of deliberately malformed/impossible payloads (default: 0.02)")
  Double faultShare;

  @Option(
      names = "--duplicate-share",
      description = "share of messages re-sent with the same msgId (default: 0.02)")
  Double duplicateShare;

  @Option(
      names = "--offline-per-day",
      description = "chance per device-day of an outage with a late backlog upload (default: 0.03)")
  Double offlinePerDay;

  @Option(
      names = "--clock-skew-share",
      description = "share of devices with a skewed clock, up to 20 min (default: 0.1)")
  Double clockSkewShare;

  @Option(
      names = "--wearable-hours",
      description = "hours of the nightly 1 Hz wearable stream (default: 2)")
  Double wearableHours;

  @Option(
      names = "--msg-id-prefix",
      defaultValue = "",
      description = "prefix of every msgId (default: none)")
  String msgIdPrefix;

  DeviceBehaviourSpec apply(DeviceBehaviourSpec base) {
    return new DeviceBehaviourSpec(
        faultShare != null ? faultShare : base.faultShare(),
        duplicateShare != null ? duplicateShare : base.duplicateShare(),
        offlinePerDay != null ? offlinePerDay : base.offlinePerDay(),
        base.maxOffline(),
        clockSkewShare != null ? clockSkewShare : base.clockSkewShare(),
        clockSkewShare != null && base.maxClockSkew().isZero()
            ? Duration.ofMinutes(20)
            : base.maxClockSkew(),
        base.adherence(),
        base.contactPerDay(),
        base.statusEvery(),
        base.intensiveDays(),
        wearableHours != null ? wearableHours : base.wearableHours(),
        msgIdPrefix.isEmpty() ? base.msgIdPrefix() : msgIdPrefix);
  }

  DeviceBehaviourSpec spec() {
    return apply(D);
  }
}
