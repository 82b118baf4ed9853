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
    return Optional.of(
        new NurseTask(
            patientId,
            NurseTask.Kind.DEVICE_OFFLINE,
            since,
            details,
            new Explanation(
                "Device "
                    + String.join(", ", ids)
                    + " has been silent for "
                    + hours
                    + " h, beyond its keep-alive.",
                "Enhed "
                    + String.join(", ", ids)
                    + " har ikke meldt sig i "
                    + hours
                    + " t, ud over sin keep-alive.")));
  }
}
