package dk.telemonitoring.hub.support;

import dk.telemonitoring.hub.app.HubCli;
import dk.telemonitoring.hub.config.Setting;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A hub in its own JVM, so a test can kill it the hard way (SIGKILL) and start it again. */
public final class HubProcess implements AutoCloseable {

  private final Map<Setting, String> settings;
  private final int httpPort;
  private final Path log;
  private Process process;

  public HubProcess(Map<Setting, String> settings) throws IOException {
    this.settings = new java.util.EnumMap<>(settings);
    this.httpPort = TestServices.freePort();
    this.settings.put(Setting.HTTP_PORT, String.valueOf(httpPort));
    this.log = Files.createTempFile("hub-process", ".log");
  }

  public HubProcess start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            HubCli.class.getName(),
            "run");
    settings.forEach((k, v) -> pb.environment().put(k.envName(), v));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    awaitHealthyBroker(Duration.ofSeconds(60));
    return this;
  }

  /** SIGKILL: no shutdown hook, no DISCONNECT, no last write. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * One metric, summed over its labels. In 2 of some 15 CI runs the scrape after a restart hung
   * past the request's own timeout (the JDK client does not always bound the connect); each try is
   * bounded here and retried.
   */
  public long metric(String name) throws IOException, InterruptedException {
    String body = scrapeWithRetries();
    return body.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private String scrapeWithRetries() throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build()
            .sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .get(3, java.util.concurrent.TimeUnit.SECONDS)
            .body();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        last = new IOException("metrics scrape failed: " + e, e);
        System.err.printf(
            "metrics scrape of the hub process on port %d, try %d, failed: %s%n",
            httpPort, attempt + 1, e);
      }
    }
    throw last;
  }

  public String logText() throws IOException {
    return Files.readString(log);
  }

  private void awaitHealthyBroker(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("hub process exited: " + logText());
      }
      try {
        if (get("/health/ready").body().contains("\"broker\":\"UP\"")) {
          return;
        }
      } catch (IOException | InterruptedException e) {
        // not listening yet
      }
      Sql.sleep(200);
    }
    throw new IllegalStateException("hub process not healthy in time: " + logText());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      kill();
    }
    new File(log.toString()).delete();
  }
}
