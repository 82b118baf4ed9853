package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.config.DbUrl;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Says in an operator's words why TLS to the database failed. The drivers' own messages ("PKIX path
 * building failed", "could not be verified by hostnameverifier PgjdbcHostnameVerifier") name Java
 * internals, not the setting to fix. Never includes the password: {@link DbUrl#toString()} leaves
 * it out.
 */
final class TlsFailure {

  private TlsFailure() {}

  /** The reason for {@code failure} if it is a TLS failure, else the failure's own message. */
  static String explain(Throwable failure, DbUrl db) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("could not be verified by hostnameverifier")
          || message.contains("No subject alternative")
          || message.contains("No name matching")) {
        return "TLS to the database failed: its certificate does not name host '"
            + db.host()
            + "' (sslmode="
            + db.sslMode()
            + " checks the name; use the name the certificate carries) ["
            + db
            + "]";
      }
      if (t instanceof CertPathBuilderException
          || (t instanceof CertificateException && message.contains("PKIX"))
          || (t instanceof SSLException && message.contains("PKIX"))) {
        return "TLS to the database failed: its certificate is not signed by "
            + (db.sslRootCert().isEmpty()
                ? "a CA the JVM trusts (set sslrootcert in HUB_DB_URL)"
                : "the CA in sslrootcert " + db.sslRootCert())
            + " ["
            + db
            + "]";
      }
    }
    return String.valueOf(failure.getMessage());
  }
}
