package dk.telemonitoring.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The database URL's TLS parameters reach both drivers instead of being dropped. */
class DbUrlTest {

  @Test
  void sslModeAndRootCertificateAreKeptForBothDrivers() {
    DbUrl db =
        DbUrl.parse(
            "postgresql://tm:pw@db.example:5433/tm?sslmode=verify-full&sslrootcert=/run/ca.pem",
            "",
            "");
    assertThat(db.sslMode()).isEqualTo("verify-full");
    assertThat(db.sslRootCert()).isEqualTo("/run/ca.pem");
    assertThat(db.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.example:5433/tm?sslmode=verify-full&sslrootcert=/run/ca.pem");
    assertThat(db.withDatabase("other").sslMode()).isEqualTo("verify-full");
    assertThat(db.toString()).doesNotContain("pw").endsWith("?sslmode=verify-full");
  }

  @Test
  void withoutParametersNothingChanges() {
    DbUrl db = DbUrl.parse("postgresql://tm:pw@db.example/tm", "", "");
    assertThat(db.sslMode()).isEmpty();
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/tm");
  }

  @Test
  void anUnknownModeOrParameterStopsTheStartNamingIt() {
    assertThatThrownBy(() -> DbUrl.parse("postgresql://h/db?sslmode=sometimes", "", ""))
        .hasMessageContaining("sslmode")
        .hasMessageContaining("sometimes");
    assertThatThrownBy(() -> DbUrl.parse("postgresql://h/db?ssl=true", "", ""))
        .hasMessageContaining("'ssl' is not supported");
  }
}
