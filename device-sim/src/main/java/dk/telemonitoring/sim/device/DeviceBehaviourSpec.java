package dk.telemonitoring.sim.device;

import java.time.Duration;

/**
 * How imperfectly devices and patients behave. Shares are per original message (duplicates are
 * extra copies on top). Defaults are "a realistic bad week": a few percent of everything goes wrong
 * in some way.
 *
 * @param faultShare share of original messages whose payload is deliberately malformed or
 *     impossible
 * @param duplicateShare share of valid messages sent a second time with the same msgId
 * @param offlinePerDay chance a device starts an outage on a given day; what it measures meanwhile
 *     is uploaded at reconnect, late and out of order
 * @param maxOffline longest outage (the shortest is 2 hours)
 * @param clockSkewShare share of devices whose clock is off
 * @param maxClockSkew largest skew, either direction
 * @param adherence chance a scheduled session is actually done
 * @param contactPerDay chance per stable patient-day of a "call me" contact (multiplied during
 *     episodes)
 * @param statusEvery keep-alive interval of a device that is online
 * @param intensiveDays days of twice-daily measuring at the start of the programme
 * @param wearableHours length of a wearable oximeter's nightly 1 Hz stream
 * @param msgIdPrefix prepended to every msgId, so a run's messages are recognisable (bench) or
 *     distinct
 */
public record DeviceBehaviourSpec(
    double faultShare,
    double duplicateShare,
    double offlinePerDay,
    Duration maxOffline,
    double clockSkewShare,
    Duration maxClockSkew,
    double adherence,
    double contactPerDay,
    Duration statusEvery,
    int intensiveDays,
    double wearableHours,
    String msgIdPrefix) {

  public static DeviceBehaviourSpec defaults() {
    return new DeviceBehaviourSpec(
        0.02,
        0.02,
        0.03,
        Duration.ofHours(72),
        0.1,
        Duration.ofMinutes(20),
        0.92,
        0.01,
        Duration.ofHours(12),
        14,
        2.0,
        "");
  }

  /** Devices that never fail: every schedule kept, nothing late, bad or doubled. */
  public static DeviceBehaviourSpec perfect() {
    return new DeviceBehaviourSpec(
        0, 0, 0, Duration.ofHours(72), 0, Duration.ZERO, 1.0, 0, Duration.ofHours(12), 14, 2.0, "");
  }

  public DeviceBehaviourSpec withFaultShare(double share) {
    return new DeviceBehaviourSpec(
        share,
        duplicateShare,
        offlinePerDay,
        maxOffline,
        clockSkewShare,
        maxClockSkew,
        adherence,
        contactPerDay,
        statusEvery,
        intensiveDays,
        wearableHours,
        msgIdPrefix);
  }

  public DeviceBehaviourSpec withDuplicateShare(double share) {
    return new DeviceBehaviourSpec(
        faultShare,
        share,
        offlinePerDay,
        maxOffline,
        clockSkewShare,
        maxClockSkew,
        adherence,
        contactPerDay,
        statusEvery,
        intensiveDays,
        wearableHours,
        msgIdPrefix);
  }

  public DeviceBehaviourSpec withOfflinePerDay(double chance) {
    return new DeviceBehaviourSpec(
        faultShare,
        duplicateShare,
        chance,
        maxOffline,
        clockSkewShare,
        maxClockSkew,
        adherence,
        contactPerDay,
        statusEvery,
        intensiveDays,
        wearableHours,
        msgIdPrefix);
  }

  public DeviceBehaviourSpec withClockSkew(double share, Duration max) {
    return new DeviceBehaviourSpec(
        faultShare,
        duplicateShare,
        offlinePerDay,
        maxOffline,
        share,
        max,
        adherence,
        contactPerDay,
        statusEvery,
        intensiveDays,
        wearableHours,
        msgIdPrefix);
  }

  public DeviceBehaviourSpec withWearableHours(double hours) {
    return new DeviceBehaviourSpec(
        faultShare,
        duplicateShare,
        offlinePerDay,
        maxOffline,
        clockSkewShare,
        maxClockSkew,
        adherence,
        contactPerDay,
        statusEvery,
        intensiveDays,
        hours,
        msgIdPrefix);
  }

  public DeviceBehaviourSpec withMsgIdPrefix(String prefix) {
    return new DeviceBehaviourSpec(
        faultShare,
        duplicateShare,
        offlinePerDay,
        maxOffline,
        clockSkewShare,
        maxClockSkew,
        adherence,
        contactPerDay,
        statusEvery,
        intensiveDays,
        wearableHours,
        prefix);
  }

  public DeviceBehaviourSpec withContactPerDay(double chance) {
    return new DeviceBehaviourSpec(
        faultShare,
        duplicateShare,
        offlinePerDay,
        maxOffline,
        clockSkewShare,
        maxClockSkew,
        adherence,
        chance,
        statusEvery,
        intensiveDays,
        wearableHours,
        msgIdPrefix);
  }
}
