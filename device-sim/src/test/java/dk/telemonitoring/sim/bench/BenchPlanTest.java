package dk.telemonitoring.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.ContractChecker;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BenchPlanTest {

  @Test
  void scheduleIsFixedUpFrontAndMsgIdsMapBackToTheirIntendedSlot() {
    BenchPlan plan = new BenchPlan("b1f", BenchPlan.deviceIds(10, 1), 400, 5);
    assertThat(plan.messageCount()).isEqualTo(2000);
    assertThat(plan.intendedOffsetNanos(400)).isEqualTo(1_000_000_000L);
    assertThat(plan.indexOf(plan.msgId(1234))).isEqualTo(1234);
    assertThat(plan.indexOf("other-1")).isEqualTo(-1);
    assertThat(plan.deviceOf(13)).isEqualTo(plan.deviceOf(3)).matches("ox-[0-9a-f]{6}");
    assertThat(ContractChecker.problem(plan.payload(7, Instant.parse("2026-01-01T00:00:00Z"))))
        .isNull();
  }
}
