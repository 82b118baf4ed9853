package dk.telemonitoring.hub.hostile;

import static dk.telemonitoring.hub.hostile.PayloadGenerators.bytes;
import static dk.telemonitoring.hub.hostile.PayloadGenerators.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Properties of the payload decoder and value validator, for any input: nothing escapes but the
 * decoder's RejectedException (an unexpected exception would leave a message unacknowledged and the
 * hub's in-memory count wrong), and whatever is accepted is within the catalogue's possible range,
 * in its canonical unit. Arbitrary bytes, arbitrary strings and JSON-shaped messages, seeded as
 * {@link PayloadDecoderPropertiesFixture} says.
 */
class PayloadDecoderPropertiesTest extends PayloadDecoderPropertiesFixture {

  @Test
  void arbitraryBytesAreDecodedOrRejectedNeverAnythingElse() {
    forEachInput(
        2000,
        r -> bytes(r, 600),
        payload -> Buffer.buffer(payload),
        payload -> HexFormat.of().formatHex(payload));
  }

  @Test
  void arbitraryStringsAreDecodedOrRejectedNeverAnythingElse() {
    forEachInput(
        2000,
        r -> string(r, 400),
        payload -> Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8)),
        PayloadDecoderPropertiesTest::escaped);
  }

  @Test
  void jsonShapedPayloadsAreDecodedOrRejectedAndAcceptedValuesAreCanonicalAndPossible() {
    Map<String, Integer> outcomes =
        forEachInput(3000, this::message, JsonObject::toBuffer, JsonObject::encode);
    // Not vacuous: enough generated messages get through to the value checks and are accepted.
    assertThat(outcomes.getOrDefault("accepted measurement", 0))
        .as("accepted measurements, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(20);
    assertThat(outcomes.getOrDefault("impossible_value", 0))
        .as("impossible_value, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(10);
    assertThat(outcomes.getOrDefault("unit_mismatch", 0))
        .as("unit_mismatch, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(10);
  }
}
