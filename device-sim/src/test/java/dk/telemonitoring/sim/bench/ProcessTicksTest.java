package dk.telemonitoring.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessTicksTest {

  @Test
  void takesUserAndSystemTimeCountingFromTheCommandsClosingParenthesis() {
    // utime 250 and stime 50 ticks; the command holds a space and a parenthesis of its own.
    String line =
        "4242 (postgres: a)b) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 1 0 77";

    assertThat(ProcessTicks.nanosOf(line, "postgres: a)b")).isEqualTo(300 * 10_000_000L);
    assertThat(ProcessTicks.nanosOf(line, "postgres")).as("another command").isEqualTo(-1);
    assertThat(ProcessTicks.nanosOf("4242 (postgres) S 1", "postgres")).isEqualTo(-1);
  }

  @Test
  void findsThisProcessByItsCommandAndCountsTheTimeItSpends() throws Exception {
    String command = Files.readString(Path.of("/proc/self/comm")).trim();
    int self = (int) ProcessHandle.current().pid();
    ProcessTicks before = ProcessTicks.of(command);

    // Spin for 200 ms of this thread's own CPU, however busy the machine is.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + 200_000_000L;
    long sum = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      sum += Long.numberOfTrailingZeros(sum + until);
    }
    ProcessTicks after = ProcessTicks.of(command);

    assertThat(before.nanosByPid()).containsKey(self);
    // The kernel counts in ticks of 10 ms.
    assertThat(after.nanosSince(before)).as("spun %d", sum).isGreaterThanOrEqualTo(180_000_000L);
    assertThat(ProcessTicks.of("no-such-command-here").nanosSince(before)).isEqualTo(-1);
  }
}
