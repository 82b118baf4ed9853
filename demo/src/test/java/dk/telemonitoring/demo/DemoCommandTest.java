package dk.telemonitoring.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo jar's command line: the evaluation keeps its own arguments under {@code evaluate}. */
class DemoCommandTest {

  @Test
  void evaluateRunsTheSyntheticComparisonWithItsOwnArguments() {
    Result r =
        run("evaluate", "--source", "synthetic", "--patients", "12", "--weeks", "2", "--seed", "3");
    assertThat(r.exit).isZero();
    assertThat(r.out)
        .contains("synthetic cohort: 12 patients")
        .contains("fixed limits")
        .contains("full engine");
  }

  @Test
  void evaluateAnswersAnUnknownOptionWithItsUsageAndExitStatusTwo() {
    Result r = run("evaluate", "--no-such-option", "1");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("unknown option --no-such-option").contains("usage: evaluate");
  }

  @Test
  void evaluateHelpPrintsTheEvaluationsOptions() {
    Result r = run("evaluate", "--help");
    assertThat(r.exit).isZero();
    assertThat(r.out).contains("usage: evaluate").contains("--perfect-devices");
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new DemoCommand()).execute(args);
      return new Result(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
