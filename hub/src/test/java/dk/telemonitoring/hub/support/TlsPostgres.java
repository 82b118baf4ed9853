package dk.telemonitoring.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL of its own for one test, from the Debian binaries under /usr/lib/postgresql (as
 * .ci/services-up uses), serving a throwaway certificate ({@link TestCertificates}) and refusing
 * every connection that is not TLS ({@code hostnossl ... reject}), so a client that silently
 * connects in plain text fails instead of passing. The shared test clusters stay untouched.
 *
 * <p>PostgreSQL will not run as root; when the tests do (CI's container), initdb and pg_ctl run as
 * the {@code postgres} user through runuser.
 */
public final class TlsPostgres implements AutoCloseable {

  public static final String USER = "tm";
  public static final String DATABASE = "postgres";

  private final Path dir;
  private final Path bin;
  private final int port;
  private final String password;
  private final TestCertificates certificates;

  private TlsPostgres(
      Path dir, Path bin, int port, String password, TestCertificates certificates) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.password = password;
    this.certificates = certificates;
  }

  /** The newest /usr/lib/postgresql/N/bin holding initdb, if any. */
  public static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(TlsPostgres::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public static boolean available() {
    return binaries().isPresent()
        && TestCertificates.opensslAvailable()
        && (!runningAsRoot() || Files.isExecutable(Path.of("/usr/sbin/runuser")));
  }

  /**
   * Starts a server whose certificate names only {@code subjectAltNames} (openssl's syntax, e.g.
   * {@code DNS:localhost}), listening on localhost.
   */
  public static TlsPostgres start(String subjectAltNames, String password)
      throws IOException, InterruptedException {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries"));
    Path dir = Files.createTempDirectory("tls-postgres");
    // The postgres user must reach the directory when the tests run as root.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"), subjectAltNames);
    Files.setPosixFilePermissions(certs.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String pem : new String[] {"ca.crt", "other-ca.crt", "server.crt"}) {
      Files.setPosixFilePermissions(
          certs.dir().resolve(pem), PosixFilePermissions.fromString("rw-r--r--"));
    }
    Path data = dir.resolve("data");
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    Files.copy(certs.dir().resolve("server.key"), dir.resolve("server.key"));
    Files.copy(certs.dir().resolve("server.crt"), dir.resolve("server.crt"));
    Files.setPosixFilePermissions(
        dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
    if (runningAsRoot()) {
      run(dir, "chown", "postgres", pwfile.toString(), dir.resolve("server.key").toString());
      run(dir, "chown", "postgres", dir.toString());
    }
    int port = TestServices.freePort();
    TlsPostgres pg = new TlsPostgres(dir, bin, port, password, certs);
    pg.asPostgres(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        USER,
        "--pwfile=" + pwfile,
        "--auth=scram-sha-256",
        "--no-sync",
        "--encoding=UTF8",
        "--locale=C");
    Files.writeString(
        dir.resolve("pg_hba.conf"),
        """
        hostnossl all all all reject
        hostssl all all 127.0.0.1/32 scram-sha-256
        hostssl all all ::1/128 scram-sha-256
        """);
    if (runningAsRoot()) {
      run(dir, "chown", "postgres", dir.resolve("pg_hba.conf").toString());
    }
    String options =
        String.join(
            " ",
            "-p " + port,
            "-c listen_addresses=localhost",
            "-c unix_socket_directories=" + dir,
            "-c ssl=on",
            "-c ssl_cert_file=" + dir.resolve("server.crt"),
            "-c ssl_key_file=" + dir.resolve("server.key"),
            "-c hba_file=" + dir.resolve("pg_hba.conf"),
            "-c fsync=off",
            "-c max_connections=60");
    pg.asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start");
    return pg;
  }

  public int port() {
    return port;
  }

  public String password() {
    return password;
  }

  public TestCertificates certificates() {
    return certificates;
  }

  /** What the server logged (connection refusals, TLS failures). */
  public String log() {
    try {
      return Files.readString(dir.resolve("postgres.log"));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The hub's HUB_DB_URL for this server: {@code host} as the client names it, with sslmode and the
   * root certificate the client trusts.
   */
  public String url(String host, String sslMode, Path rootCert) {
    return "postgresql://"
        + USER
        + ":"
        + password
        + "@"
        + host
        + ":"
        + port
        + "/"
        + DATABASE
        + "?sslmode="
        + sslMode
        + "&sslrootcert="
        + rootCert;
  }

  @Override
  public void close() {
    try {
      asPostgres(
          bin.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
      deleteDirectory();
    } catch (IOException | RuntimeException e) {
      // stopping anyway; the temp directory stays for a look at the log
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A stopped server's data directory is some 40 MB: leave none behind per test run. */
  private void deleteDirectory() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void asPostgres(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (runningAsRoot()) {
      full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(dir, full.toArray(String[]::new));
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
