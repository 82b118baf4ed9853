package dk.telemonitoring.hub.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL location in the forms both drivers need: the reactive client's fields and a JDBC
 * URL.
 *
 * @param sslMode libpq's sslmode from the URL's query ({@code ?sslmode=verify-full}): disable,
 *     prefer, require, verify-ca or verify-full; empty means the drivers' default (no TLS for the
 *     reactive client)
 * @param sslRootCert PEM file of the CA that signed the server's certificate ({@code
 *     &sslrootcert=/path}), needed by verify-ca and verify-full; empty: the JVM's trust store
 */
public record DbUrl(
    String host,
    int port,
    String database,
    String user,
    String password,
    String sslMode,
    String sslRootCert) {

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public DbUrl(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, "", "");
  }

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
    String sslMode = "";
    String sslRootCert = "";
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        String key = decode(kv[0]);
        String value = kv.length > 1 ? decode(kv[1]) : "";
        switch (key) {
          case "sslmode" -> sslMode = value.toLowerCase(Locale.ROOT);
          case "sslrootcert" -> sslRootCert = value;
          default ->
              // Silently dropping a parameter is how sslmode got lost before: name it instead.
              throw new IllegalArgumentException(
                  "database URL parameter '" + key + "' is not supported (sslmode, sslrootcert)");
        }
      }
    }
    if (!sslMode.isEmpty() && !SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException(
          "database URL sslmode must be one of disable, allow, prefer, require, verify-ca,"
              + " verify-full, not '"
              + sslMode
              + "'");
    }
    return new DbUrl(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        db,
        user,
        password,
        sslMode,
        sslRootCert);
  }

  public String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://" + host + ":" + port + "/" + database);
    if (!sslMode.isEmpty()) {
      url.append("?sslmode=").append(sslMode);
      if (!sslRootCert.isEmpty()) {
        url.append("&sslrootcert=").append(sslRootCert);
      }
    }
    return url.toString();
  }

  public DbUrl withDatabase(String otherDatabase) {
    return new DbUrl(host, port, otherDatabase, user, password, sslMode, sslRootCert);
  }

  /** Without the password: safe for logs. */
  @Override
  public String toString() {
    return "postgresql://"
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + (sslMode.isEmpty() ? "" : "?sslmode=" + sslMode);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
