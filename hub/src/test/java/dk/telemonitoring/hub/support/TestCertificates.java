package dk.telemonitoring.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway certificates made with openssl at test time, never committed: a CA and a broker
 * certificate it signed for 127.0.0.1 and localhost, under the file names
 * docker/mosquitto/mosquitto.conf expects (ca.crt, server.crt, server.key), plus an unrelated CA
 * (other-ca.crt) for clients that must not trust the broker.
 */
public final class TestCertificates {

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  public static boolean opensslAvailable() {
    try {
      return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor()
          == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    return create(dir, "DNS:localhost,IP:127.0.0.1");
  }

  /** As {@link #create(Path)}, with the broker certificate naming only {@code subjectAltNames}. */
  public static TestCertificates create(Path dir, String subjectAltNames)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=" + subjectAltNames + "\n");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=telemonitoring test CA");
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "server.ext");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "other-ca.key",
        "-out",
        "other-ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=some other CA");
    return new TestCertificates(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  public Path otherCaFile() {
    return dir.resolve("other-ca.crt");
  }

  /** A client socket factory that trusts exactly the given CA certificate (PEM). */
  public static SSLSocketFactory trusting(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLSv1.2");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store from " + caPem, e);
    }
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "openssl";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
