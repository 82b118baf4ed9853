package dk.telemonitoring.hub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto (the Debian package's binary) running the production configuration
 * docker/mosquitto/mosquitto.conf itself, not a copy: only what belongs to the container is
 * rewritten - the TLS listener 8883 and the internal listener 1883 move to free loopback ports,
 * /mosquitto/certs to throwaway certificates, the password file to one made here with
 * mosquitto_passwd, the ACL to docker/mosquitto/acl, the persistence directory to a temporary one.
 * Every other line (TLS version, authentication, queue limits) is the production one.
 */
public final class ProductionMosquitto implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int tlsPort;
  private final int plainPort;

  private ProductionMosquitto(Process process, Path dir, int tlsPort, int plainPort) {
    this.process = process;
    this.dir = dir;
    this.tlsPort = tlsPort;
    this.plainPort = plainPort;
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) && onPath("mosquitto_passwd");
  }

  /**
   * Starts the broker with the given users (name to password) and the certificates in {@code
   * certs}.
   */
  public static ProductionMosquitto start(
      Path dir, TestCertificates certs, Map<String, String> users)
      throws IOException, InterruptedException {
    Path passwords = dir.resolve("passwords");
    Files.deleteIfExists(passwords);
    Files.createFile(passwords);
    for (Map.Entry<String, String> u : users.entrySet()) {
      run("mosquitto_passwd", "-b", passwords.toString(), u.getKey(), u.getValue());
    }
    Path data = Files.createDirectories(dir.resolve("data"));
    int tlsPort = freePort();
    int plainPort = freePort();
    List<String> conf = new ArrayList<>();
    for (String line : Files.readAllLines(repoFile("docker/mosquitto/mosquitto.conf"))) {
      String l = line.strip();
      if (l.equals("listener 8883")) {
        line = "listener " + tlsPort + " 127.0.0.1";
      } else if (l.equals("listener 1883")) {
        line = "listener " + plainPort + " 127.0.0.1";
      } else if (l.startsWith("listener ")) {
        throw new IllegalStateException(
            "docker/mosquitto/mosquitto.conf has a listener this test does not know: " + l);
      } else if (l.startsWith("password_file ")) {
        line = "password_file " + passwords;
      } else if (l.startsWith("acl_file ")) {
        line = "acl_file " + repoFile("docker/mosquitto/acl");
      } else if (l.startsWith("persistence_location ")) {
        line = "persistence_location " + data + "/";
      } else if (l.startsWith("log_dest ")) {
        line = "log_dest stderr";
      }
      conf.add(line.replace("/mosquitto/certs/", certs.dir() + "/"));
    }
    // Mosquitto started as root drops to the "mosquitto" user; as anyone else it stays that user.
    conf.add("user " + System.getProperty("user.name"));
    Path confFile = dir.resolve("mosquitto.conf");
    Files.write(confFile, conf);
    Path log = dir.resolve("broker.log");
    Process p =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ProductionMosquitto broker = new ProductionMosquitto(p, dir, tlsPort, plainPort);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening(tlsPort) || !listening(plainPort)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        broker.close();
        throw new IllegalStateException(
            "private mosquitto did not start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return broker;
  }

  public int tlsPort() {
    return tlsPort;
  }

  public int plainPort() {
    return plainPort;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("broker.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static Path repoFile(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(relative))) {
        return p.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", command))
        || Files.isExecutable(Path.of("/usr/bin", command));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
