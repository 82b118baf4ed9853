package dk.telemonitoring.hub.app;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Provisioning from the command line, through the hub's service API (so no database credentials on
 * an admin's machine): {@code telemonitoring-hub provision device --clinic vios --id ox-7f3a21
 * --kind OXIMETER}.
 */
@Command(
    name = "provision",
    description = "Register clinics, patients and devices and bind devices to patients.",
    subcommands = {
      ProvisionCommand.Clinic.class,
      ProvisionCommand.Patient.class,
      ProvisionCommand.Device.class,
      ProvisionCommand.Bind.class,
      ProvisionCommand.Unbind.class,
      ProvisionCommand.Retire.class,
      ProvisionCommand.Bulk.class
    })
final class ProvisionCommand {

  @Option(
      names = "--hub",
      defaultValue = "http://localhost:8080",
      description = "Hub base URL (default ${DEFAULT-VALUE}).")
  String hub;

  @Option(
      names = "--token",
      defaultValue = "${env:HUB_API_SERVICE_TOKEN}",
      description = "Service token (default: the HUB_API_SERVICE_TOKEN environment variable).")
  String token;

  @Spec CommandSpec spec;

  /** Sends one call and prints the hub's answer; a non-2xx answer is an error exit. */
  int call(String method, String path, JsonObject body) throws Exception {
    if (token == null || token.isBlank()) {
      spec.commandLine()
          .getErr()
          .println("a service token is required: --token or HUB_API_SERVICE_TOKEN");
      return 2;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(hub.replaceAll("/$", "") + "/api/v1/service" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    PrintWriter out =
        response.statusCode() / 100 == 2
            ? spec.commandLine().getOut()
            : spec.commandLine().getErr();
    out.println(response.body());
    out.flush();
    return response.statusCode() / 100 == 2 ? 0 : 1;
  }

  @Command(name = "clinic", description = "Create a clinic.")
  static final class Clinic implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @Option(
        names = "--id",
        required = true,
        description = "Short code used in topics, [a-z0-9-]{1,32}.")
    String id;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--timezone", defaultValue = "Europe/Copenhagen")
    String timezone;

    @Override
    public Integer call() throws Exception {
      return parent.call(
          "POST",
          "/clinics",
          new JsonObject().put("id", id).put("name", name).put("timezone", timezone));
    }
  }

  @Command(name = "patient", description = "Enrol a patient; prints the patient's id.")
  static final class Patient implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @Option(names = "--clinic", required = true)
    String clinic;

    @Option(names = "--name", required = true)
    String name;

    @Option(
        names = "--condition",
        required = true,
        description = "COPD, FIBROSIS, AATD or HEART_FAILURE.")
    String condition;

    @Option(names = "--language", defaultValue = "da", description = "da or en.")
    String language;

    @Override
    public Integer call() throws Exception {
      return parent.call(
          "POST",
          "/clinics/" + clinic + "/patients",
          new JsonObject()
              .put("displayName", name)
              .put("condition", condition)
              .put("language", language));
    }
  }

  @Command(name = "device", description = "Register a device.")
  static final class Device implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @Option(names = "--clinic", required = true)
    String clinic;

    @Option(names = "--id", required = true, description = "Device serial, [A-Za-z0-9._-]{1,64}.")
    String id;

    @Option(
        names = "--kind",
        required = true,
        description =
            "OXIMETER, WEARABLE_OXIMETER, SPIROMETER, THERMOMETER, SCALE, BP_CUFF or TABLET.")
    String kind;

    @Override
    public Integer call() throws Exception {
      return parent.call(
          "POST",
          "/clinics/" + clinic + "/devices",
          new JsonObject().put("id", id).put("kind", kind));
    }
  }

  @Command(name = "bind", description = "Hand a device to a patient (closes its previous binding).")
  static final class Bind implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @Option(names = "--device", required = true)
    String device;

    @Option(names = "--patient", required = true)
    String patient;

    @Option(names = "--from", description = "ISO-8601 instant; default now.")
    String from;

    @Override
    public Integer call() throws Exception {
      JsonObject body = new JsonObject().put("patientId", patient);
      if (from != null) {
        body.put("from", from);
      }
      return parent.call("PUT", "/devices/" + device + "/binding", body);
    }
  }

  @Command(name = "unbind", description = "Take a device back from its patient.")
  static final class Unbind implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @Option(names = "--device", required = true)
    String device;

    @Override
    public Integer call() throws Exception {
      return parent.call("DELETE", "/devices/" + device + "/binding", null);
    }
  }

  @Command(name = "retire", description = "Retire a device: its later readings are quarantined.")
  static final class Retire implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @Option(names = "--device", required = true)
    String device;

    @Override
    public Integer call() throws Exception {
      return parent.call("POST", "/devices/" + device + "/retire", null);
    }
  }

  @Command(
      name = "file",
      description = "Bulk, idempotent: a JSON document as device-sim provision-list prints it.")
  static final class Bulk implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;

    @picocli.CommandLine.Parameters(index = "0", description = "The JSON file.")
    Path file;

    @Override
    public Integer call() throws Exception {
      return parent.call("POST", "/provision", new JsonObject(Files.readString(file)));
    }
  }
}
