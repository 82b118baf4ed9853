package dk.telemonitoring.hub.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A TCP proxy a test can cut: the hub talks to PostgreSQL through it, and {@link #cut()} makes the
 * database unreachable for the hub alone (connections reset, new ones refused) without stopping a
 * server others share.
 */
public final class TcpProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;
  private volatile boolean holding;
  private final Queue<NetSocket> held = new ConcurrentLinkedQueue<>();
  private NetServer server;
  private io.vertx.core.net.NetClient upstreamClient;

  public TcpProxy(String targetHost, int targetPort) {
    // Vert.x may resolve "localhost" to ::1 while a test PostgreSQL listens on IPv4 only.
    this.targetHost = "localhost".equals(targetHost) ? "127.0.0.1" : targetHost;
    this.targetPort = targetPort;
  }

  public int start() {
    upstreamClient = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }

  private void accept(NetSocket client) {
    if (!open) {
      client.close();
      return;
    }
    client.pause();
    if (holding) {
      held.add(client);
      return;
    }
    connectUpstream(client);
  }

  /**
   * From now on accepted connections wait, unanswered, until {@link #release()}: a database that
   * takes connections but does not answer yet.
   */
  public void hold() {
    holding = true;
  }

  /** Connects the held connections and every later one through to the target. */
  public void release() {
    holding = false;
    NetSocket client;
    while ((client = held.poll()) != null) {
      connectUpstream(client);
    }
  }

  private void connectUpstream(NetSocket client) {
    upstreamClient
        .connect(targetPort, targetHost)
        .onSuccess(
            upstream -> {
              sockets.add(client);
              sockets.add(upstream);
              client.handler(upstream::write);
              upstream.handler(client::write);
              client.closeHandler(v -> upstream.close());
              upstream.closeHandler(v -> client.close());
              client.resume();
            })
        .onFailure(
            e -> {
              System.err.println("proxy upstream connect failed: " + e);
              client.close();
            });
  }

  public void cut() {
    open = false;
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  public void restore() {
    open = true;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
