package dk.telemonitoring.hub.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location in the forms both drivers need: the reactive client's fields and a JDBC
 * URL.
 */
public record DbUrl(String host, int port, String database, String user, String password) {

  public static DbUrl parse(String url, String userOverride, String passwordOverride) {
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("database URL must start with postgresql://");
    }
    String user = "";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    if (userOverride != null && !userOverride.isEmpty()) {
      user = userOverride;
    }
    if (passwordOverride != null && !passwordOverride.isEmpty()) {
      password = passwordOverride;
    }
    String db =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? "postgres"
            : uri.getPath().substring(1);
    return new DbUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public DbUrl withDatabase(String otherDatabase) {
    return new DbUrl(host, port, otherDatabase, user, password);
  }

  /** Without the password: safe for logs. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
