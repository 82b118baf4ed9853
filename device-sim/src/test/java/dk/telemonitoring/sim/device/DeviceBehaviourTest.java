package dk.telemonitoring.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.ContractChecker;
import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortSpec;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceBehaviourTest {
  /**
   * A Monday, so the twice-weekly days of a 28-day run are known: days 14..27 hold 2 Mondays and 2
   * Thursdays.
   */
  private static final Instant START = Instant.parse("2026-01-04T23:00:00Z");

  private static List<SimMessage> all(Cohort cohort, DeviceBehaviourSpec behaviour) {
    List<SimMessage> out = new ArrayList<>();
    new CohortMessageStream(cohort, behaviour).forEachRemaining(out::add);
    return out;
  }

  private static Cohort cohort(int patients, int days, double copd, double fib, double hf) {
    return Cohort.create(
        CohortSpec.defaults(patients, days, START, 11)
            .withShares(copd, fib, hf)
            .withEpisodeRate(3));
  }

  @Test
  void copdScheduleIsTwiceDailyForTwoWeeksThenTwiceWeekly() {
    Cohort c = cohort(3, 28, 1, 0, 0);
    List<SimMessage> msgs = all(c, DeviceBehaviourSpec.perfect());
    for (var p : c.patients()) {
      String ox = p.device(DeviceKind.OXIMETER).orElseThrow().id();
      String sp = p.device(DeviceKind.SPIROMETER).orElseThrow().id();
      String tab = p.device(DeviceKind.TABLET).orElseThrow().id();
      assertThat(count(msgs, ox, "measurement")).isEqualTo(14 * 2 + 4);
      assertThat(count(msgs, sp, "spirometry")).isEqualTo(14 * 2 + 4);
      assertThat(count(msgs, tab, "questionnaire")).isEqualTo(14 * 2 + 4);
      assertThat(count(msgs, ox, "status")).isEqualTo(28 * 2);
    }
  }

  @Test
  void heartFailurePatientsWeighThemselvesDaily() {
    Cohort c = cohort(2, 28, 0, 0, 1);
    List<SimMessage> msgs = all(c, DeviceBehaviourSpec.perfect());
    for (var p : c.patients()) {
      assertThat(count(msgs, p.device(DeviceKind.SCALE).orElseThrow().id(), "measurement"))
          .isEqualTo(28);
      assertThat(count(msgs, p.device(DeviceKind.BP_CUFF).orElseThrow().id(), "measurement"))
          .isEqualTo(28);
      assertThat(count(msgs, p.device(DeviceKind.OXIMETER).orElseThrow().id(), "measurement"))
          .isEqualTo(8);
    }
  }

  @Test
  void perfectDevicesSendOnlyContractConformingPayloads() {
    List<SimMessage> msgs = all(cohort(20, 21, 0.5, 0.2, 0.3), DeviceBehaviourSpec.perfect());
    assertThat(msgs).hasSizeGreaterThan(1000);
    for (SimMessage m : msgs) {
      assertThat(ContractChecker.problem(m.payload())).as(m.payloadText()).isNull();
      assertThat(m.deliberatelyBad()).isFalse();
    }
  }

  @Test
  void malformedShareIsWhatWasAskedAndEveryBadPayloadBreaksTheContract() {
    double asked = 0.05;
    List<SimMessage> msgs =
        all(cohort(40, 30, 0.5, 0.2, 0.3), DeviceBehaviourSpec.defaults().withFaultShare(asked));
    List<SimMessage> originals = msgs.stream().filter(m -> !m.duplicate()).toList();
    long bad = originals.stream().filter(SimMessage::deliberatelyBad).count();
    assertThat(originals).hasSizeGreaterThan(10_000);
    // Binomial SD at n=10k, p=0.05 is about 0.0022; 0.008 is > 3.5 SD.
    assertThat((double) bad / originals.size())
        .isCloseTo(asked, org.assertj.core.data.Offset.offset(0.008));
    Map<Fault, Integer> byFault = new HashMap<>();
    for (SimMessage m : msgs) {
      String problem = ContractChecker.problem(m.payload());
      if (m.deliberatelyBad()) {
        assertThat(problem).as("fault %s should break %s", m.fault(), m.payloadText()).isNotNull();
        assertThat(m.faultReason()).isNotBlank();
        byFault.merge(m.fault(), 1, Integer::sum);
      } else {
        assertThat(problem).as(m.payloadText()).isNull();
      }
    }
    assertThat(byFault).containsOnlyKeys(Fault.values());
  }

  @Test
  void backlogIsUploadedLateAndOutOfOrderWithTheTrueMeasurementTime() {
    DeviceBehaviourSpec behaviour = DeviceBehaviourSpec.perfect().withOfflinePerDay(0.2);
    List<SimMessage> msgs = all(cohort(10, 28, 0.5, 0.2, 0.3), behaviour);
    List<SimMessage> late = msgs.stream().filter(SimMessage::late).toList();
    assertThat(late).hasSizeGreaterThan(20);
    for (SimMessage m : late) {
      Instant inPayload = Instant.parse(new JsonObject(m.payloadText()).getString("measuredAt"));
      assertThat(inPayload).isEqualTo(m.measuredAt());
      assertThat(m.sendAt()).isAfter(m.measuredAt().plus(Duration.ofMinutes(1)));
    }
    // Out of order: some device sends a measurement after one that was measured later.
    int inversions = 0;
    Map<String, Instant> lastMeasured = new HashMap<>();
    for (SimMessage m : msgs) {
      if (m.measuredAt() == null) {
        continue;
      }
      Instant previous = lastMeasured.get(m.deviceId());
      if (previous != null && m.measuredAt().isBefore(previous)) {
        inversions++;
      }
      lastMeasured.merge(m.deviceId(), m.measuredAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    assertThat(inversions).isGreaterThan(5);
    assertThat(msgs).isSortedAccordingTo(CohortMessageStream.BY_SEND_TIME);
  }

  @Test
  void duplicatesResendTheSameBytesUnderTheSameMsgId() {
    List<SimMessage> msgs =
        all(cohort(10, 14, 0.5, 0.2, 0.3), DeviceBehaviourSpec.perfect().withDuplicateShare(0.05));
    List<SimMessage> dups = msgs.stream().filter(SimMessage::duplicate).toList();
    assertThat(dups).hasSizeGreaterThan(20);
    for (SimMessage d : dups) {
      SimMessage original =
          msgs.stream()
              .filter(
                  m ->
                      !m.duplicate()
                          && m.deviceId().equals(d.deviceId())
                          && m.msgId().equals(d.msgId()))
              .findFirst()
              .orElseThrow();
      assertThat(d.payload()).isEqualTo(original.payload());
      assertThat(d.sendAt()).isAfter(original.sendAt());
    }
  }

  @Test
  void skewedClocksShiftTheStampedTimesOnly() {
    DeviceBehaviourSpec behaviour =
        DeviceBehaviourSpec.perfect().withClockSkew(1.0, Duration.ofMinutes(30));
    List<SimMessage> msgs = all(cohort(5, 3, 1, 0, 0), behaviour);
    long skewed =
        msgs.stream()
            .filter(m -> m.measuredAt() != null && !m.clockSkew().isZero())
            .peek(
                m ->
                    assertThat(
                            Instant.parse(new JsonObject(m.payloadText()).getString("measuredAt")))
                        .isEqualTo(m.measuredAt().plus(m.clockSkew())))
            .count();
    assertThat(skewed).isGreaterThan(10);
  }

  @Test
  void spirometrySessionsHaveThreeBlowsOfVaryingQuality() {
    List<SimMessage> msgs = all(cohort(10, 14, 1, 0, 0), DeviceBehaviourSpec.perfect());
    double maxSpread = 0;
    int sessions = 0;
    for (SimMessage m : msgs) {
      if (!m.kind().equals("spirometry")) {
        continue;
      }
      sessions++;
      var blows = new JsonObject(m.payloadText()).getJsonArray("blows");
      assertThat(blows).hasSize(3);
      double min = 99;
      double max = 0;
      for (int i = 0; i < 3; i++) {
        double fev1 = blows.getJsonObject(i).getDouble("fev1");
        min = Math.min(min, fev1);
        max = Math.max(max, fev1);
      }
      maxSpread = Math.max(maxSpread, max - min);
    }
    assertThat(sessions).isGreaterThan(100);
    assertThat(maxSpread).as("some sessions contain a clearly submaximal blow").isGreaterThan(0.25);
  }

  @Test
  void wearableStreamsOncePerSecondForTheConfiguredHours() {
    Cohort c =
        Cohort.create(
            CohortSpec.defaults(2, 2, START, 3).withShares(1, 0, 0).withWearableShare(1.0));
    List<SimMessage> msgs = all(c, DeviceBehaviourSpec.perfect().withWearableHours(0.5));
    String wearable = c.patients().get(0).device(DeviceKind.WEARABLE_OXIMETER).orElseThrow().id();
    assertThat(count(msgs, wearable, "measurement")).isEqualTo(2 * 1800);
  }

  private static long count(List<SimMessage> msgs, String deviceId, String kind) {
    return msgs.stream()
        .filter(m -> m.deviceId().equals(deviceId) && m.kind().equals(kind) && !m.duplicate())
        .count();
  }
}
