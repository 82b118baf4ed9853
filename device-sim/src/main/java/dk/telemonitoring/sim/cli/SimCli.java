package dk.telemonitoring.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar device-sim.jar}. */
@Command(
    name = "device-sim",
    mixinStandardHelpOptions = true,
    version = "device-sim 0.1.0",
    description =
        "Simulated telemonitoring patients and devices speaking the hub's MQTT contract, "
            + "and a benchmark of the hub.",
    subcommands = {
      LiveCommand.class,
      ReplayCommand.class,
      ProvisionListCommand.class,
      BenchCommand.class,
      DrainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SimCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimCli()).execute(args));
  }
}
