package dk.telemonitoring.sim;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/** The shared test broker from HUB_TEST_MQTT_URL, and a topic root no other test uses. */
public final class TestBroker {
  private TestBroker() {}

  public static String url() {
    String url = System.getenv("HUB_TEST_MQTT_URL");
    Assumptions.assumeTrue(
        url != null && !url.isBlank(),
        "HUB_TEST_MQTT_URL is not set: skipping the test that needs a real MQTT broker "
            + "(source .ci/env.sh after .ci/services-up)");
    return url;
  }

  public static String uniqueTopicRoot() {
    return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + "/v1";
  }
}
