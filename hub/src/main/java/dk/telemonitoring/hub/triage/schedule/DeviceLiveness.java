package dk.telemonitoring.hub.triage.schedule;

import dk.telemonitoring.hub.triage.Explanation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A device silent beyond its keep-alive ({@code devices.keepalive_seconds} since {@code
 * devices.last_seen_at}, or since it was bound when it has never been seen) is offline: a nurse
 * task of its own kind, not an alarm.
 */
public final class DeviceLiveness {

  /** What the hub knows of one bound device. */
  public record DeviceSeen(
      String deviceId, Instant lastSeenAt, Instant boundAt, long keepaliveSeconds) {}

  private DeviceLiveness() {}

  public static boolean offline(DeviceSeen d, Instant now) {
    Instant reference = d.lastSeenAt() != null ? d.lastSeenAt() : d.boundAt();
    return reference.plus(Duration.ofSeconds(d.keepaliveSeconds())).isBefore(now);
  }

  public static Optional<NurseTask> task(UUID patientId, List<DeviceSeen> devices, Instant now) {
    List<DeviceSeen> silent = devices.stream().filter(d -> offline(d, now)).toList();
    if (silent.isEmpty()) return Optional.empty();
    Instant since =
        silent.stream()
            .map(d -> d.lastSeenAt() != null ? d.lastSeenAt() : d.boundAt())
            .min(Instant::compareTo)
            .orElseThrow();
    List<String> ids = new ArrayList<>(silent.stream().map(DeviceSeen::deviceId).sorted().toList());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("devices", ids);
    details.put("silentSince", since.toString());
    long hours = Duration.between(since, now).toHours();
    // Said as the device list shows it: a device never heard from, since it was bound.
    boolean neverSeen = silent.stream().allMatch(d -> d.lastSeenAt() == null);
    String named = String.join(", ", ids);
    return Optional.of(
        new NurseTask(
            patientId,
            NurseTask.Kind.DEVICE_OFFLINE,
            since,
            details,
            neverSeen
                ? new Explanation(
                    "Device "
                        + named
                        + " has sent nothing since it was bound "
                        + en(hours)
                        + " ago.",
                    "Enhed "
                        + named
                        + " har ikke sendt noget, siden den blev tilknyttet for "
                        + da(hours)
                        + " siden.")
                : new Explanation(
                    "Device " + named + " has sent nothing for " + en(hours) + ".",
                    "Enhed " + named + " har ikke sendt noget i " + da(hours) + ".")));
  }

  /** Hours below two days, whole days from then on: a nurse counts "5 dage", not "120 t". */
  private static String en(long hours) {
    return hours < 48 ? hours + " h" : hours / 24 + " days";
  }

  private static String da(long hours) {
    return hours < 48 ? hours + " t" : hours / 24 + " dage";
  }
}
