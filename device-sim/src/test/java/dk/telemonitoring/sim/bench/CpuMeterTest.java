package dk.telemonitoring.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void readsTheHubsCpuCounterFromThePrometheusText() {
    String exposition =
        """
        # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
        # TYPE process_cpu_time_ns_total counter
        process_cpu_time_ns_total 6.11E9
        process_cpu_usage 0.25
        """;

    assertThat(CpuMeter.counter(exposition, "process_cpu_time_ns_total")).isEqualTo(6_110_000_000L);
    assertThat(CpuMeter.counter(exposition, "process_cpu")).isEqualTo(-1);
  }

  @Test
  void machineBusyLeavesOutIdleAndIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice, in ticks of 10 ms
    String line = "cpu  100 2 30 5000 70 4 5 6 0 0";

    assertThat(CpuMeter.busyNanos(line)).isEqualTo((100 + 2 + 30 + 4 + 5 + 6) * 10_000_000L);
    assertThat(CpuMeter.busyNanos("cpu0 1 2 3 4 5 6 7 8")).isEqualTo(-1);
  }

  @Test
  void perMessageSplitsTheMachineIntoHubGeneratorAndRest() {
    CpuMeter.Sample from =
        new CpuMeter.Sample(
            0,
            1_000_000_000L,
            500_000_000L,
            10_000_000_000L,
            ticks(Map.of(7, 1_000_000_000L)),
            ticks(Map.of(20, 2_000_000_000L, 21, 1_000_000_000L)));
    // The broker spent 1 s; of the database, process 21 ended (not counted), 22 started and spent
    // 3 s, process 20 spent 4 s.
    CpuMeter.Sample to =
        new CpuMeter.Sample(
            10_000_000_000L,
            3_000_000_000L,
            1_500_000_000L,
            26_000_000_000L,
            ticks(Map.of(7, 2_000_000_000L)),
            ticks(Map.of(20, 6_000_000_000L, 22, 3_000_000_000L)));

    Map<String, Object> use = CpuMeter.perMessage(from, to, 10_000, 2);

    assertThat(use)
        .containsEntry("seconds", 10.0)
        .containsEntry("hubMicrosPerMessage", 200.0)
        .containsEntry("generatorMicrosPerMessage", 100.0)
        .containsEntry("restOfMachineMicrosPerMessage", 1300.0)
        .containsEntry("brokerMicrosPerMessage", 100.0)
        .containsEntry("databaseMicrosPerMessage", 700.0)
        .containsEntry("machineBusyShare", 0.8);
  }

  @Test
  void aPartThatCouldNotBeReadIsLeftOutNotGuessed() {
    CpuMeter.Sample from =
        new CpuMeter.Sample(0, -1, 500_000_000L, -1, ProcessTicks.NONE, ProcessTicks.NONE);
    CpuMeter.Sample to =
        new CpuMeter.Sample(
            1_000_000_000L, -1, 600_000_000L, -1, ProcessTicks.NONE, ProcessTicks.NONE);

    Map<String, Object> use = CpuMeter.perMessage(from, to, 1_000, 2);

    assertThat(use.get("hubMicrosPerMessage")).isNull();
    assertThat(use.get("restOfMachineMicrosPerMessage")).isNull();
    assertThat(use.get("machineBusyShare")).isNull();
    assertThat(use.get("brokerMicrosPerMessage")).as("no Mosquitto on this machine").isNull();
    assertThat(use.get("databaseMicrosPerMessage")).isNull();
    assertThat(use).containsEntry("generatorMicrosPerMessage", 100.0);
  }

  private static ProcessTicks ticks(Map<Integer, Long> nanosByPid) {
    return new ProcessTicks(nanosByPid);
  }
}
