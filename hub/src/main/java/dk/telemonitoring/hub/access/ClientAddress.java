package dk.telemonitoring.hub.access;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address as the router's first handler settled it (the peer's, or the one a trusted
 * proxy names in X-Forwarded-For), readable by every package that serves HTTP so none records the
 * proxy's address in the audit log instead.
 */
public final class ClientAddress {

  private static final String KEY = "tm.clientIp";

  private ClientAddress() {}

  /** Called once per request by the resolving handler. */
  public static void remember(RoutingContext ctx, String address) {
    ctx.put(KEY, address);
  }

  /** The resolved client address; the peer's address where no resolver ran. */
  public static String of(RoutingContext ctx) {
    String resolved = ctx.get(KEY);
    return resolved != null ? resolved : peer(ctx);
  }

  public static String peer(RoutingContext ctx) {
    var addr = ctx.request().remoteAddress();
    return addr == null ? "unknown" : addr.hostAddress() != null ? addr.hostAddress() : addr.host();
  }
}
