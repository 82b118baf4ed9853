package dk.telemonitoring.hub.config;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * The hub's resolved configuration. Sources in order of precedence: explicit overrides (tests,
 * demo), system properties, environment variables, defaults.
 */
public final class HubConfig {

  private final Map<Setting, String> values;

  private HubConfig(Map<Setting, String> values) {
    this.values = values;
  }

  public static HubConfig fromEnvironment() {
    return resolve(Map.of(), System.getenv());
  }

  public static HubConfig resolve(Map<Setting, String> overrides, Map<String, String> env) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      String v = overrides.get(s);
      if (v == null) {
        v = System.getProperty(s.key());
      }
      if (v == null) {
        v = env.get(s.envName());
      }
      values.put(s, v == null ? s.defaultValue() : v);
    }
    return new HubConfig(values);
  }

  /** A copy with some settings replaced. */
  public HubConfig with(Map<Setting, String> overrides) {
    Map<Setting, String> copy = new EnumMap<>(values);
    copy.putAll(overrides);
    return new HubConfig(copy);
  }

  public String get(Setting s) {
    return values.get(s);
  }

  public int getInt(Setting s) {
    try {
      return Integer.parseInt(get(s).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + s.envName() + " must be a whole number, not '" + get(s) + "'", e);
    }
  }

  public boolean getBoolean(Setting s) {
    return Boolean.parseBoolean(get(s).trim());
  }

  public URI mqttUri() {
    return URI.create(get(Setting.MQTT_URL));
  }

  public DbUrl db() {
    return DbUrl.parse(get(Setting.DB_URL), get(Setting.DB_USER), get(Setting.DB_PASSWORD));
  }

  /** The read replica, when one is configured. */
  public java.util.Optional<DbUrl> readReplica() {
    String url = get(Setting.DB_READ_URL);
    return url.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(DbUrl.parse(url, get(Setting.DB_USER), get(Setting.DB_PASSWORD)));
  }
}
