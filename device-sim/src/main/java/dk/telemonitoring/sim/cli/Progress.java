package dk.telemonitoring.sim.cli;

import java.io.PrintStream;

/**
 * Progress of a long run: one line rewritten in place on a terminal, a new line every few seconds
 * otherwise.
 */
final class Progress {
  private final PrintStream out;
  private final boolean terminal = System.console() != null;

  Progress(PrintStream out) {
    this.out = out;
  }

  void update(String line) {
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  void done() {
    if (terminal) {
      out.println();
    }
  }
}
