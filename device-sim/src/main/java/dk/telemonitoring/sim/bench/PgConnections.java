package dk.telemonitoring.sim.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections from a libpq-style URL ({@code postgresql://user:pass@host:port/db}) or a
 * JDBC URL.
 */
public final class PgConnections {
  private final String jdbcUrl;
  private final Properties props = new Properties();

  public PgConnections(String url) {
    if (url.startsWith("jdbc:")) {
      jdbcUrl = url;
      return;
    }
    URI uri = URI.create(url);
    jdbcUrl =
        "jdbc:postgresql://"
            + uri.getHost()
            + ":"
            + (uri.getPort() < 0 ? 5432 : uri.getPort())
            + uri.getPath();
    if (uri.getUserInfo() != null) {
      String[] userPass = uri.getUserInfo().split(":", 2);
      props.setProperty("user", userPass[0]);
      if (userPass.length > 1) {
        props.setProperty("password", userPass[1]);
      }
    }
  }

  public Connection open() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, props);
  }
}
