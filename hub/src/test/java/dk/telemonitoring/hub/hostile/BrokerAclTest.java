package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production ACL (docker/mosquitto/acl) against a real Mosquitto: a private broker on a free loopback port,
 * with that ACL file and a password file made by mosquitto_passwd. A device can publish its own readings and read
 * its own commands, and nothing of another device's; a wrong password is refused.
 */
@Timeout(60)
class BrokerAclTest {

  private static Process broker;
  private static Path dir;
  private static int port;

  @BeforeAll
  static void startBroker() throws Exception {
    Assumptions.assumeTrue(onPath("mosquitto") && onPath("mosquitto_passwd"),
        "mosquitto and mosquitto_passwd are not on PATH: the ACL test needs a real Mosquitto 2");
    Path acl = repoFile("docker/mosquitto/acl");
    dir = Files.createTempDirectory("acl-broker");
    Path passwords = dir.resolve("passwords");
    Files.createFile(passwords);
    for (String[] user : new String[][] {{"hub", "hub-secret"}, {"ox-a", "a-secret"}, {"ox-b", "b-secret"}}) {
      run("mosquitto_passwd", "-b", passwords.toString(), user[0], user[1]);
    }
    port = freePort();
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous false",
        "password_file " + passwords,
        "acl_file " + acl,
        "persistence false",
        "user " + System.getProperty("user.name"),
        "log_dest stderr", ""));
    String mosquitto = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    broker = new ProcessBuilder(mosquitto, "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("broker.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening(port)) {
      if (!broker.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("private mosquitto did not start: " + Files.readString(dir.resolve("broker.log")));
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  void aDeviceCanPublishOnlyItsOwnReadingsAndReadOnlyItsOwnCommands() throws Exception {
    List<String> hubSaw = new CopyOnWriteArrayList<>();
    MqttClient hub = client("hub", "hub-secret");
    // Paho matches per-subscription listeners against the filter literally, which a $share/ filter never matches:
    // take every message through the client's callback instead.
    hub.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
        hubSaw.add(topic);
      }

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
    });
    hub.subscribe("$share/hub/tm/v1/+/devices/+/readings", 1);
    MqttClient deviceA = client("ox-a", "a-secret");

    deviceA.publish("tm/v1/vios/devices/ox-b/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    deviceA.publish("tm/v1/vios/devices/ox-a/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (hubSaw.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    assertThat(hubSaw).as("the hub got device a's own reading, and never the one it sent as device b")
        .containsExactly("tm/v1/vios/devices/ox-a/readings");

    // Mosquitto 2 may grant a SUBSCRIBE the ACL does not allow and then checks read access on every message it
    // would deliver: what counts is that nothing arrives.
    List<String> aGot = new CopyOnWriteArrayList<>();
    List<String> bGot = new CopyOnWriteArrayList<>();
    deviceA.subscribe("tm/v1/vios/devices/ox-b/commands", 1, (topic, m) -> aGot.add(topic));
    deviceA.subscribe("tm/v1/+/devices/+/readings", 1, (topic, m) -> aGot.add(topic));
    deviceA.subscribe("tm/v1/vios/devices/ox-a/commands", 1, (topic, m) -> aGot.add(topic));
    MqttClient deviceB = client("ox-b", "b-secret");
    deviceB.subscribe("tm/v1/vios/devices/ox-b/commands", 1, (topic, m) -> bGot.add(topic));
    deviceB.publish("tm/v1/vios/devices/ox-b/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    hub.publish("tm/v1/vios/devices/ox-b/commands", "{\"v\":1,\"kind\":\"receipt\"}".getBytes(StandardCharsets.UTF_8), 1, false);
    hub.publish("tm/v1/vios/devices/ox-a/commands", "{\"v\":1,\"kind\":\"receipt\"}".getBytes(StandardCharsets.UTF_8), 1, false);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((aGot.isEmpty() || bGot.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    assertThat(bGot).as("device b gets its own commands").containsExactly("tm/v1/vios/devices/ox-b/commands");
    assertThat(aGot).as("device a gets its own commands, never b's commands or b's readings")
        .containsExactly("tm/v1/vios/devices/ox-a/commands");
    assertThat(hubSaw).as("the hub got b's own reading").contains("tm/v1/vios/devices/ox-b/readings");
    deviceB.disconnect();
    deviceA.disconnect();
    hub.disconnect();
  }

  @Test
  void aWrongPasswordOrNoCredentialsAreRefused() {
    assertThat(refused("ox-a", "b-secret")).as("device a with device b's password").isTrue();
    assertThat(refused(null, null)).as("anonymous").isTrue();
  }

  private static boolean refused(String user, String password) {
    try {
      client(user, password).disconnect();
      return false;
    } catch (MqttException e) {
      return true;
    }
  }

  private static MqttClient client(String user, String password) throws MqttException {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, (user == null ? "anon" : user) + "-" + UUID.randomUUID(),
        new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setConnectionTimeout(5);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    c.connect(o);
    return c;
  }

  static Path repoFile(String relative) {
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
    return Files.isExecutable(Path.of("/usr/sbin", command));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
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
