package dk.telemonitoring.sim.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of every process on this machine with a given command name ({@code mosquitto},
 * {@code postgres}), by process id, from {@code /proc/[pid]/stat}.
 *
 * <p>Why by process: PostgreSQL runs a process per connection and starts workers as it needs them;
 * a process that started between two readings counts from zero, one that ended between them is
 * missing from the second and its time is not counted (short-lived workers, so the figure is a
 * floor).
 */
record ProcessTicks(Map<Integer, Long> nanosByPid) {
  /** The kernel's clock ticks per second in {@code /proc/[pid]/stat} (USER_HZ, 100 on Linux). */
  private static final long TICK_NANOS = 10_000_000L;

  /** Nothing read: the processes are elsewhere, or {@code /proc} cannot be read. */
  static final ProcessTicks NONE = new ProcessTicks(Map.of());

  /** The processes named {@code command} now. */
  static ProcessTicks of(String command) {
    Map<Integer, Long> byPid = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          long nanos = nanosOf(Files.readString(proc.resolve("stat")), command);
          if (nanos >= 0) {
            byPid.put(Integer.parseInt(proc.getFileName().toString()), nanos);
          }
        } catch (IOException | RuntimeException gone) {
          // The process ended while the folder was read.
        }
      }
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
    return new ProcessTicks(Map.copyOf(byPid));
  }

  /**
   * User and system time from a {@code /proc/[pid]/stat} line if its command is {@code command},
   * else -1. The command is in parentheses and may hold spaces, so the fields are counted from the
   * last ')': state is the first after it, utime the twelfth and stime the thirteenth.
   */
  static long nanosOf(String statLine, String command) {
    int open = statLine.indexOf('(');
    int close = statLine.lastIndexOf(')');
    if (open < 0 || close < open || !statLine.substring(open + 1, close).equals(command)) {
      return -1;
    }
    String[] f = statLine.substring(close + 1).trim().split("\\s+");
    if (f.length < 13) {
      return -1;
    }
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
  }

  /** CPU time spent by these processes since {@code earlier}; -1 when none was seen. */
  long nanosSince(ProcessTicks earlier) {
    if (nanosByPid.isEmpty()) {
      return -1;
    }
    long spent = 0;
    for (Map.Entry<Integer, Long> p : nanosByPid.entrySet()) {
      spent += p.getValue() - earlier.nanosByPid.getOrDefault(p.getKey(), 0L);
    }
    return spent;
  }
}
