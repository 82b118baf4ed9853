package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.store.SlotLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds this hub's leases on the stream's MQTT client ids (slots) and takes over a dead hub's. Runs
 * on two threads of its own, off the event loop, so a busy loop neither lets a lease lapse nor
 * hides that it has: a heartbeat renews every held lease each third of the lease time and takes
 * lapsed slots; a watchdog drops the connection of any slot whose lease this hub can no longer
 * vouch for (its last renewal began more than a lease time ago, by this process's monotonic clock,
 * which never runs ahead of the database's judgement since the renewal began before the database's
 * now()).
 */
public final class SlotKeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlotKeeper.class);

  /** What a slot's connection does when its lease is lost: disconnect and not come back. */
  public interface LeaseLost {
    void leaseLost();
  }

  private final SlotLeases leases;
  private final List<String> slots;
  private final Duration ttl;
  private final ScheduledExecutorService threads =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "hub-slot-leases");
            t.setDaemon(true);
            return t;
          });

  /** Slots with a connection in this hub (held or waiting for its lease) and what to tell it. */
  private final Map<String, LeaseLost> connections = new ConcurrentHashMap<>();

  /** Held slots and the monotonic time up to which this hub may use each. */
  private final Map<String, Long> validUntil = new ConcurrentHashMap<>();

  private volatile Consumer<String> takeover = id -> {};

  /** This hub's own slot (or the one it waits for): never handed back. */
  private volatile String primary;

  public SlotKeeper(SlotLeases leases, List<String> slots, Duration ttl) {
    this.leases = leases;
    this.slots = List.copyOf(slots);
    this.ttl = ttl;
  }

  /**
   * Declares the slots and takes one for this hub, preferring {@code preferred} (blocking). Empty
   * when live hubs hold every slot: this hub then waits as a standby for one to lapse.
   */
  public Optional<String> claimFirst(String preferred) throws java.sql.SQLException {
    leases.declare(slots);
    List<String> order = new ArrayList<>(slots);
    if (order.remove(preferred)) {
      order.add(0, preferred);
    }
    for (String id : order) {
      if (leases.acquire(id)) {
        validUntil.put(id, System.nanoTime() + ttl.toNanos());
        primary = id;
        return Optional.of(id);
      }
    }
    primary = standbySlot(preferred);
    return Optional.empty();
  }

  /** The slot a standby hub's first connection waits for. */
  public String standbySlot(String preferred) {
    return slots.contains(preferred) ? preferred : slots.get(0);
  }

  /** Starts the heartbeat and watchdog; {@code takeover} gets each slot taken from a dead hub. */
  public void start(Consumer<String> takeover) {
    this.takeover = takeover;
    long beat = Math.max(100, ttl.toMillis() / 3);
    threads.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    threads.scheduleWithFixedDelay(this::watchdog, 200, 200, TimeUnit.MILLISECONDS);
  }

  /** Registers the connection that uses a slot, so it hears when the lease is lost. */
  public void attach(String clientId, LeaseLost connection) {
    connections.put(clientId, connection);
  }

  /**
   * Takes or renews one slot (blocking): called before every connect with its client id, so a
   * connection the broker dropped comes back only while this hub holds the lease. A hub that lost
   * the slot to another therefore stays away instead of taking the session back and forth.
   */
  public boolean acquire(String clientId) throws java.sql.SQLException {
    long started = System.nanoTime();
    if (leases.acquire(clientId)) {
      validUntil.put(clientId, started + ttl.toNanos());
      return true;
    }
    validUntil.remove(clientId);
    if (clientId.equals(primary)) {
      // A hub without its own slot asks for it: a hub holding more than one hands it back.
      leases.want(clientId);
    }
    return false;
  }

  /** Whether this hub may use the slot now. */
  public boolean holds(String clientId) {
    Long until = validUntil.get(clientId);
    return until != null && System.nanoTime() - until < 0;
  }

  public int held() {
    return (int) validUntil.keySet().stream().filter(this::holds).count();
  }

  private void heartbeat() {
    try {
      long started = System.nanoTime();
      List<String> renewed = leases.renew();
      for (String id : renewed) {
        validUntil.put(id, started + ttl.toNanos());
      }
      long renewedUntil = started + ttl.toNanos();
      for (Map.Entry<String, Long> held : List.copyOf(validUntil.entrySet())) {
        // A slot acquired while this renewal ran is newer than the answer and stays.
        if (!renewed.contains(held.getKey()) && held.getValue() - renewedUntil <= 0) {
          lost(held.getKey(), "taken by another hub");
        }
      }
      for (String id : leases.wanted()) {
        if (!id.equals(primary) && held() > 1) {
          lost(id, "handed back to a hub that has no slot");
          leases.release(id);
        }
      }
      for (String id : leases.available()) {
        if (!connections.containsKey(id) && acquire(id)) {
          LOG.warn(
              "taking over a lapsed MQTT client id to drain its session [clientId: {}, holder: {}]",
              id,
              leases.holder());
          connections.put(id, () -> {});
          takeover.accept(id);
        }
      }
    } catch (Exception e) {
      // The watchdog drops the connections once the leases can no longer be vouched for.
      LOG.warn("slot lease heartbeat failed [reason: {}]", e.getMessage());
    }
  }

  private void watchdog() {
    for (Map.Entry<String, Long> e : validUntil.entrySet()) {
      if (System.nanoTime() - e.getValue() >= 0) {
        lost(e.getKey(), "not renewed within the lease time");
      }
    }
  }

  private void lost(String clientId, String why) {
    if (validUntil.remove(clientId) == null) {
      return;
    }
    LOG.warn("MQTT client id lease lost, disconnecting [clientId: {}, reason: {}]", clientId, why);
    LeaseLost connection = connections.get(clientId);
    if (connection != null) {
      connection.leaseLost();
    }
  }

  /** Stops renewing and gives the leases back; call after the connections have disconnected. */
  @Override
  public void close() {
    threads.shutdownNow();
    try {
      leases.releaseAll();
    } catch (Exception e) {
      LOG.warn("slot leases not released, they lapse instead [reason: {}]", e.getMessage());
    }
    validUntil.clear();
  }
}
