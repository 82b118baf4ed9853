package dk.telemonitoring.hub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch reads each message's input in place from the patient's window ({@link
 * TriageInput#inWindow}) instead of copying it: the rules must see exactly what the copying
 * constructor gives, in the same order, ties included, and the engine must find the same.
 */
class TriageInputInWindowPropertyTest {

  private static final MeasurementType[] TYPES = {
    MeasurementType.SPO2, MeasurementType.PULSE, MeasurementType.RESP_RATE, MeasurementType.WEIGHT
  };

  @Test
  void aWindowReadInPlaceGivesWhatTheCopyGives() {
    Random random = new Random(23);
    TriageEngine engine = new TriageEngine(TriageConfig.full());
    int skipped = 0;
    int spread = 0;
    for (int run = 0; run < 3_000; run++) {
      List<Observation> window = window(random);
      List<Observation> message = message(random, window);
      PatientContext patient = Fixtures.patient(Condition.COPD);

      TriageInput copied = new TriageInput(patient, message, window, TriageConfig.full());
      TriageInput inPlace = TriageInput.inWindow(patient, message, window, TriageConfig.full());

      assertThat(inPlace.at()).as("run %d", run).isEqualTo(copied.at());
      assertThat(inPlace.message()).as("run %d", run).isEqualTo(copied.message());
      assertThat(inPlace.history()).as("run %d", run).containsExactlyElementsOf(copied.history());
      assertThat(inPlace.all()).as("run %d", run).containsExactlyElementsOf(copied.all());
      Instant t = Fixtures.T0.plus(Duration.ofMinutes(random.nextInt(300) - 150));
      assertThat(inPlace.historySince(t)).containsExactlyElementsOf(copied.historySince(t));
      assertThat(inPlace.allSince(t)).containsExactlyElementsOf(copied.allSince(t));
      assertThat(engine.evaluateInWindow(patient, message, window))
          .as("run %d", run)
          .isEqualTo(engine.evaluate(patient, message, window));
      if (copied.history().size()
          < window.stream().filter(o -> !o.measuredAt().isAfter(copied.at())).count()) {
        skipped++;
      }
      if (message.stream().map(Observation::measuredAt).distinct().count() > 1) spread++;
    }
    assertThat(skipped)
        .as("runs whose window held the message's stored readings")
        .isGreaterThan(1_000);
    assertThat(spread).as("runs with a message over two times").isGreaterThan(150);
  }

  /** A patient's window by measurement time, on few instants so that ties occur. */
  private static List<Observation> window(Random random) {
    List<Observation> out = new ArrayList<>();
    for (int i = random.nextInt(40); i > 0; i--) out.add(reading(random, "ox/m" + i));
    out.sort(Comparator.comparing(Observation::measuredAt));
    return out;
  }

  /**
   * A message of one to three readings, mostly at one time: usually the window's stored copies of
   * them (the batch's case), sometimes readings the window does not hold.
   */
  private static List<Observation> message(Random random, List<Observation> window) {
    if (!window.isEmpty() && random.nextInt(4) > 0) {
      Observation first = window.get(random.nextInt(window.size()));
      List<Observation> out = new ArrayList<>();
      for (Observation o : window) {
        if (o.measuredAt().equals(first.measuredAt()) && out.size() < 3) {
          out.add(o.withRef(first.ref()));
        }
      }
      if (random.nextInt(5) == 0) out.add(reading(random, first.ref()));
      return distinctTypes(out);
    }
    return List.of(reading(random, "ox/new"));
  }

  private static List<Observation> distinctTypes(List<Observation> readings) {
    List<Observation> out = new ArrayList<>();
    for (Observation o : readings) {
      if (out.stream().noneMatch(m -> m.type() == o.type())) out.add(o);
    }
    return out;
  }

  private static Observation reading(Random random, String ref) {
    MeasurementType type = TYPES[random.nextInt(TYPES.length)];
    double value =
        switch (type) {
          case SPO2 -> 84 + random.nextInt(14);
          case PULSE -> 45 + random.nextInt(90);
          case RESP_RATE -> 8 + random.nextInt(20);
          default -> 70 + random.nextInt(5);
        };
    return Observation.of(
            type, value, Fixtures.T0.plus(Duration.ofMinutes(30L * (random.nextInt(10) - 5))))
        .withRef(ref);
  }
}
