package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hub's publishes to devices: sent while fewer than the window await the broker's PUBACK,
 * queued in order beyond it, refused only when the queue is full, and a new connection starts with
 * an empty window.
 */
class PublishWindowTest {

  @Test
  void publishesBeyondTheWindowWaitInOrderForAcknowledgements() {
    PublishWindow window = new PublishWindow();
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < PublishWindow.LIMIT + 3; i++) {
      int n = i;
      assertThat(window.offer(() -> send(window, sent, n))).isTrue();
    }
    assertThat(sent).hasSize(PublishWindow.LIMIT);
    assertThat(window.unacknowledged()).isEqualTo(PublishWindow.LIMIT);
    assertThat(window.queued()).isEqualTo(3);

    window.acknowledged();
    assertThat(sent).hasSize(PublishWindow.LIMIT + 1).endsWith(PublishWindow.LIMIT);
    window.acknowledged();
    window.acknowledged();
    assertThat(sent).endsWith(PublishWindow.LIMIT + 1, PublishWindow.LIMIT + 2);
    assertThat(window.queued()).isZero();
    assertThat(window.unacknowledged()).isEqualTo(PublishWindow.LIMIT);
  }

  @Test
  void aFullQueueRefusesAndANewConnectionSendsWhatWaits() {
    PublishWindow window = new PublishWindow();
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < PublishWindow.LIMIT + PublishWindow.QUEUE_MAX; i++) {
      int n = i;
      assertThat(window.offer(() -> send(window, sent, n))).isTrue();
    }
    assertThat(window.offer(() -> send(window, sent, -1))).isFalse();
    assertThat(window.queued()).isEqualTo(PublishWindow.QUEUE_MAX);

    window.reset();
    window.drain();
    assertThat(sent).hasSize(2 * PublishWindow.LIMIT).doesNotContain(-1);
    assertThat(window.queued()).isEqualTo(PublishWindow.QUEUE_MAX - PublishWindow.LIMIT);
  }

  @Test
  void anAcknowledgementWithNothingOutstandingDoesNotOpenTheWindowWider() {
    PublishWindow window = new PublishWindow();
    window.acknowledged();
    assertThat(window.unacknowledged()).isZero();
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < PublishWindow.LIMIT + 1; i++) {
      int n = i;
      window.offer(() -> send(window, sent, n));
    }
    assertThat(sent).hasSize(PublishWindow.LIMIT);
  }

  private static void send(PublishWindow window, List<Integer> sent, int n) {
    window.sent();
    sent.add(n);
  }
}
