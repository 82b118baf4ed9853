package dk.telemonitoring.hub.hostile;

import static dk.telemonitoring.hub.hostile.PayloadGenerators.NOW;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.blow;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.context;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.kind;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.measuredAt;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.msgId;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.number;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.pick;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.value;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.version;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.ingest.PayloadDecoder;
import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The payload decoder and value validator under test, fed generated inputs: each input's outcome
 * (accepted, or the reject reason) is counted, what was accepted is checked, and anything thrown
 * but the decoder's RejectedException fails.
 *
 * <p>Inputs come from a seeded {@link SplittableRandom}, so every run checks the same inputs and a
 * failure names the seed and try that reproduce it. {@code -Dhostile.seed=N} explores other inputs.
 */
abstract class PayloadDecoderPropertiesFixture {

  private static final long SEED = Long.getLong("hostile.seed", 20261123L);
  static final String REPRODUCE = "seed " + SEED + " (rerun with -Dhostile.seed=" + SEED + ")";

  private static final DeviceTopic TOPIC = new DeviceTopic("vios", "ox-prop-1");

  private final PayloadDecoder decoder =
      new PayloadDecoder(new ValueValidator(Duration.ofSeconds(300), Duration.ofDays(90)), 65_536);

  /**
   * Runs {@link #outcome} on {@code tries} generated inputs and counts the outcomes. A failure is
   * rethrown with the seed, the try and the input, since without them a randomized failure cannot
   * be reproduced or read.
   */
  <T> Map<String, Integer> forEachInput(
      int tries,
      Function<SplittableRandom, T> generator,
      Function<T, Buffer> payload,
      Function<T, String> describe) {
    return forEachInput(tries, generator, payload, describe, null);
  }

  /** As above; with {@code mustBe} every input's outcome must be that one. */
  <T> Map<String, Integer> forEachInput(
      int tries,
      Function<SplittableRandom, T> generator,
      Function<T, Buffer> payload,
      Function<T, String> describe,
      String mustBe) {
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int attempt = 1; attempt <= tries; attempt++) {
      T input = generator.apply(random);
      String outcome;
      try {
        outcome = outcome(payload.apply(input));
        if (mustBe != null) {
          assertThat(outcome).as("outcome").isEqualTo(mustBe);
        }
      } catch (Throwable e) {
        throw new AssertionError(
            "try "
                + attempt
                + " of "
                + tries
                + ", "
                + REPRODUCE
                + ", input: "
                + describe.apply(input),
            e);
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    // The distribution of outcomes shows at a glance whether the generators still reach the
    // interesting paths.
    System.out.println(tries + " tries, " + REPRODUCE + ": " + outcomes);
    return outcomes;
  }

  /**
   * Mutations of valid messages: every field in the right place, values, units, codes and times
   * varied widely.
   */
  JsonObject message(SplittableRandom r) {
    JsonObject json =
        new JsonObject()
            .put("v", version(r))
            .put("msgId", msgId(r))
            .put("kind", kind(r))
            .put("measuredAt", measuredAt(r));
    JsonArray values = new JsonArray();
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      values.add(value(r));
    }
    JsonArray blows = new JsonArray();
    for (int i = r.nextInt(5); i > 0; i--) {
      blows.add(blow(r));
    }
    JsonObject answers =
        new JsonObject()
            .put("cat", number(r))
            .put("sputum_colour", pick(r, "clear", "red", "purple", ""))
            .put("fever", r.nextBoolean());
    json.put("values", values)
        .put("blows", blows)
        .put("answers", answers)
        .put("units", new JsonObject().put("fev1", "mL"));
    JsonObject context = context(r);
    if (context != null) {
      json.put("context", context);
    }
    return json;
  }

  /**
   * Control characters and surrogates made visible, so a failing string can be read and pasted
   * back.
   */
  static String escaped(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.chars()
        .forEach(
            c ->
                out.append(
                    c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                        ? String.valueOf((char) c)
                        : String.format("\\u%04x", c)));
    return out.append('"').toString();
  }

  /**
   * Decodes; returns "accepted" or the reject reason, and checks what was accepted. Any other
   * throwable fails.
   */
  private String outcome(Buffer payload) {
    DeviceMessage message;
    try {
      message = decoder.decode(TOPIC, payload, NOW);
    } catch (RejectedException e) {
      assertThat(e.rejection().text()).isNotBlank();
      return e.rejection().reason().label();
    }
    if (message instanceof MeasurementSet set) {
      assertThat(set.readings()).isNotEmpty();
      for (Reading r : set.readings()) {
        assertThat(Double.isFinite(r.value())).as("finite: %s", r).isTrue();
        assertThat(r.type().possible().contains(r.value()))
            .as("%s within %s", r.value(), r.type().possible())
            .isTrue();
        assertThat(r.type().conversionFor(r.type().ucum()))
            .as("canonical unit of %s", r.type())
            .isPresent();
        assertThat(r.measuredAt()).isBetween(NOW.minus(Duration.ofDays(90)), NOW.plusSeconds(300));
      }
      return "accepted " + set.kind();
    }
    return "accepted event";
  }
}
