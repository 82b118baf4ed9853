package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.ingest.PayloadDecoder;
import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the payload decoder and value validator, for any input: nothing escapes but the decoder's
 * RejectedException (an unexpected exception would leave a message unacknowledged and the hub's in-memory count
 * wrong), and whatever is accepted is within the catalogue's possible range, in its canonical unit.
 */
class PayloadDecoderPropertiesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final DeviceTopic TOPIC = new DeviceTopic("vios", "ox-prop-1");
  private static final List<String> UNITS = Arrays.stream(MeasurementType.values())
      .flatMap(t -> t.acceptedUnits().stream()).distinct().toList();

  private final PayloadDecoder decoder =
      new PayloadDecoder(new ValueValidator(Duration.ofSeconds(300), Duration.ofDays(90)), 65_536);

  @Property(tries = 2000)
  void arbitraryBytesAreDecodedOrRejectedNeverAnythingElse(@ForAll @Size(max = 600) byte[] payload) {
    Statistics.collect(outcome(Buffer.buffer(payload)));
  }

  @Property(tries = 2000)
  void arbitraryStringsAreDecodedOrRejectedNeverAnythingElse(@ForAll @Size(max = 400) String payload) {
    Statistics.collect(outcome(Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8))));
  }

  @Property(tries = 3000)
  void jsonShapedPayloadsAreDecodedOrRejectedAndAcceptedValuesAreCanonicalAndPossible(
      @ForAll("messages") JsonObject message) {
    Statistics.collect(outcome(message.toBuffer()));
    // Not vacuous: enough generated messages get through to the value checks and are accepted.
    Statistics.coverage(coverage -> {
      coverage.check("accepted measurement").count(c -> c >= 20);
      coverage.check("impossible_value").count(c -> c >= 10);
      coverage.check("unit_mismatch").count(c -> c >= 10);
    });
  }

  /** Mutations of valid messages: every field in the right place, values, units, codes and times varied widely. */
  @Provide
  Arbitrary<JsonObject> messages() {
    Arbitrary<Object> version = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(1.0)),
        Tuple.of(1, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just("1")), Tuple.of(1, Arbitraries.just(null)));
    Arbitrary<Object> msgId = Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.strings().alpha().numeric().withChars("._:-").ofMinLength(1).ofMaxLength(70).map(s -> (Object) s)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s)),
        Tuple.of(1, Arbitraries.integers().map(i -> (Object) i)));
    Arbitrary<String> kind = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("measurement")),
        Tuple.of(4, Arbitraries.just("spirometry")), Tuple.of(2, Arbitraries.just("questionnaire")),
        Tuple.of(1, Arbitraries.of("contact", "status", "other", "")));
    Arbitrary<Object> time = Arbitraries.oneOf(
        Arbitraries.longs().between(-100L * 86_400, 600).map(s -> (Object) NOW.plusSeconds(s).toString()),
        Arbitraries.longs().between(-100L * 86_400, 600).map(s -> (Object) NOW.plusSeconds(s).toString()),
        Arbitraries.longs().between(-100L * 86_400, 600).map(s -> (Object) NOW.plusSeconds(s).toString()),
        Arbitraries.longs().between(-100L * 86_400, 600).map(s -> (Object) NOW.plusSeconds(s).toString()),
        Arbitraries.strings().ofMaxLength(25).map(s -> (Object) s),
        Arbitraries.just("2026-11-23T09:00:00+01:00"), Arbitraries.just(null), Arbitraries.longs().map(l -> (Object) l));
    Arbitrary<JsonArray> values = value().list().ofMinSize(1).ofMaxSize(3).map(JsonArray::new);
    Arbitrary<JsonArray> blows = blow().list().ofMaxSize(4).map(JsonArray::new);
    Arbitrary<JsonObject> answers = Combinators.combine(number(), Arbitraries.of("clear", "red", "purple", ""),
        Arbitraries.of(true, false)).as((cat, colour, b) -> new JsonObject().put("cat", cat)
        .put("sputum_colour", colour).put("fever", b));
    return Combinators.combine(version, msgId, kind, time, values, blows, answers, context())
        .as((v, id, k, t, vals, bl, ans, ctx) -> {
          JsonObject json = new JsonObject().put("v", v).put("msgId", id).put("kind", k).put("measuredAt", t);
          json.put("values", vals).put("blows", bl).put("answers", ans).put("units", new JsonObject().put("fev1", "mL"));
          if (ctx != null) {
            json.put("context", ctx);
          }
          return json;
        });
  }

  /** Mostly a catalogue code with one of its own accepted units; sometimes any unit, any code, or none. */
  private Arbitrary<JsonObject> value() {
    Arbitrary<JsonObject> catalogued = Arbitraries.of(MeasurementType.values()).flatMap(type -> {
      Arbitrary<Object> unit = Arbitraries.frequencyOf(
          Tuple.of(8, Arbitraries.of(type.acceptedUnits()).map(u -> (Object) u)),
          Tuple.of(1, Arbitraries.of(UNITS).map(u -> (Object) u)),
          Tuple.of(1, Arbitraries.strings().ofMaxLength(8).map(u -> (Object) u)),
          Tuple.of(1, Arbitraries.just(null)));
      return Combinators.combine(number(), unit)
          .as((n, u) -> new JsonObject().put("code", type.code()).put("value", n).put("unit", u));
    });
    Arbitrary<JsonObject> anything = Combinators.combine(
        Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s), Arbitraries.just(null)),
        number(), Arbitraries.oneOf(Arbitraries.of(UNITS).map(u -> (Object) u), Arbitraries.just(null)))
        .as((c, n, u) -> new JsonObject().put("code", c).put("value", n).put("unit", u));
    return Arbitraries.frequencyOf(Tuple.of(9, catalogued), Tuple.of(1, anything));
  }

  private Arbitrary<JsonObject> blow() {
    return Combinators.combine(number(), number(), number(), number())
        .as((a, b, c, d) -> new JsonObject().put("fev1", a).put("fvc", b).put("fev6", c).put("pef", d));
  }

  private Arbitrary<JsonObject> context() {
    return Arbitraries.oneOf(Arbitraries.just(null), Combinators.combine(number(), Arbitraries.of(true, false))
        .as((battery, oxygen) -> new JsonObject().put("battery", battery).put("oxygen", oxygen)));
  }

  /** Plain numbers around and far beyond every catalogue range, extremes, and a few non-numbers. */
  private static Arbitrary<Object> number() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.doubles().between(-50, 1100).map(d -> (Object) d)),
        Tuple.of(4, Arbitraries.doubles().between(0, 120).map(d -> (Object) d)),
        Tuple.of(3, Arbitraries.integers().between(-10, 400).map(i -> (Object) i)),
        Tuple.of(1, Arbitraries.of(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0, 1e300, 1e-300)
            .map(d -> (Object) d)),
        Tuple.of(1, Arbitraries.longs().map(l -> (Object) l)),
        Tuple.of(1, Arbitraries.of("94", "NaN", "", true).map(o -> (Object) o)));
  }

  /** Decodes; returns "accepted" or the reject reason, and checks what was accepted. Any other throwable fails. */
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
        assertThat(r.type().possible().contains(r.value())).as("%s within %s", r.value(), r.type().possible()).isTrue();
        assertThat(r.type().conversionFor(r.type().ucum())).as("canonical unit of %s", r.type()).isPresent();
        assertThat(r.measuredAt()).isBetween(NOW.minus(Duration.ofDays(90)), NOW.plusSeconds(300));
      }
      return "accepted " + set.kind();
    }
    return "accepted event";
  }
}
