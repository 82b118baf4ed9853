package dk.telemonitoring.hub.reading;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {root}/{clinic}/devices/{deviceId}/readings and its command-topic counterpart. No patient
 * identifier, ever.
 */
public final class TopicScheme {

  private static final Pattern CLINIC = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String root;

  public TopicScheme(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public record DeviceTopic(String clinicId, String deviceId) {}

  public String readingsFilter() {
    return root + "/+/devices/+/readings";
  }

  public String readingsTopic(String clinicId, String deviceId) {
    return root + "/" + clinicId + "/devices/" + deviceId + "/readings";
  }

  public String commandTopic(String clinicId, String deviceId) {
    return root + "/" + clinicId + "/devices/" + deviceId + "/commands";
  }

  public Optional<DeviceTopic> parseReadingsTopic(String topic) {
    if (!topic.startsWith(root + "/")) {
      return Optional.empty();
    }
    String[] parts = topic.substring(root.length() + 1).split("/", -1);
    if (parts.length != 4 || !"devices".equals(parts[1]) || !"readings".equals(parts[3])) {
      return Optional.empty();
    }
    if (!CLINIC.matcher(parts[0]).matches() || !DEVICE.matcher(parts[2]).matches()) {
      return Optional.empty();
    }
    return Optional.of(new DeviceTopic(parts[0], parts[2]));
  }
}
