package dk.telemonitoring.sim.bench;

import java.sql.Connection;
import java.time.Instant;

/**
 * When a bench step is over: every acknowledged message stored, every alert sample's alert arrived,
 * and triage's outbox empty, each with a limit for a hub that never gets there.
 */
final class StepEnd {

  private StepEnd() {}

  static long outboxRows(Connection db) throws java.sql.SQLException {
    try (var st = db.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM triage_outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Waits until the triage outbox is empty, or has not shrunk for 5 s (a hub with triage off leaves
   * its rows to another instance), so that the step's CPU includes triage's share. Not longer than
   * five minutes.
   */
  static boolean awaitTriageDrained(Connection db) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    long last = Long.MAX_VALUE;
    long lastShrink = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long rows = outboxRows(db);
      if (rows == 0) {
        return true;
      }
      if (rows < last) {
        last = rows;
        lastShrink = System.nanoTime();
      } else if (System.nanoTime() - lastShrink > 5_000_000_000L) {
        return false;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /**
   * Waits until every acknowledged alert sample's alert has arrived on the live stream, or none has
   * arrived for {@code alertWaitSeconds} (triage works through its backlog after the load stops).
   */
  static BenchStep.AlertOutcome awaitAlerts(
      AlertStream.Round round, OpenLoopLoad.Result load, int alertWaitSeconds)
      throws InterruptedException {
    long expected = 0;
    for (int index : round.samples.messageIndexes()) {
      expected += load.acked().get(index);
    }
    long waitNanos = alertWaitSeconds * 1_000_000_000L;
    long lastCount = -1;
    long lastChange = System.nanoTime();
    while (round.arrivedCount.get() < expected) {
      long n = round.arrivedCount.get();
      if (n != lastCount) {
        lastCount = n;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > waitNanos) {
        break;
      }
      Thread.sleep(100);
    }
    return new BenchStep.AlertOutcome(
        expected,
        round.arrivedCount.get(),
        round.samples.count(),
        round.latencyMicros,
        round.pushMicros);
  }

  /**
   * Waits until the hub has stored every acked message, or nothing has changed for 10 s. While
   * receipts are still arriving it watches them rather than the database, so the check does not
   * load the database it measures.
   */
  static ReadingsCheck.Counts awaitStored(
      Connection db,
      BenchPlan plan,
      String clinic,
      Instant from,
      long acked,
      ReceiptCollector receipts)
      throws Exception {
    long lastChange = System.nanoTime();
    long lastValue = -1;
    while (true) {
      long r = receipts.receipts();
      if (r > 0
          && r < acked
          && System.nanoTime() - receipts.lastReceiptNanos.get() < 2_000_000_000L) {
        Thread.sleep(250);
        lastChange = System.nanoTime();
        continue;
      }
      ReadingsCheck.Counts c = ReadingsCheck.counts(db, plan, clinic, from);
      if (c.distinctMessages() >= acked && (r == 0 || r >= acked)) {
        return c;
      }
      long v = c.distinctMessages() + receipts.receipts();
      if (v != lastValue) {
        lastValue = v;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 10_000_000_000L) {
        return c;
      }
      Thread.sleep(1_000);
    }
  }
}
