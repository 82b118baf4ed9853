package dk.telemonitoring.hub.api;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies whose {@code X-Forwarded-For} the hub believes. From anyone else the header
 * is a claim a client makes about itself: believing it would let a guesser pose as the clinic's
 * address and spread its login failures over invented ones.
 */
final class TrustedProxies {

  private final List<IpSubnetFilterRule> rules;

  private TrustedProxies(List<IpSubnetFilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * From a comma-separated list of addresses and CIDR ranges, e.g. {@code 10.0.0.5, 172.16.0.0/12,
   * ::1}; empty trusts nobody.
   */
  static TrustedProxies parse(String setting) {
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    for (String entry : setting.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int slash = e.indexOf('/');
      String ip = slash < 0 ? e : e.substring(0, slash);
      InetAddress address = literal(ip);
      if (address == null) {
        throw new IllegalArgumentException(
            "HUB_HTTP_TRUSTED_PROXIES: '" + e + "' is not an IP address or CIDR range");
      }
      int maxPrefix = address.getAddress().length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? maxPrefix : Integer.parseInt(e.substring(slash + 1));
      } catch (NumberFormatException x) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > maxPrefix) {
        throw new IllegalArgumentException(
            "HUB_HTTP_TRUSTED_PROXIES: '"
                + e
                + "' has no valid prefix length (0-"
                + maxPrefix
                + ")");
      }
      rules.add(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
    }
    return new TrustedProxies(rules);
  }

  /**
   * The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
   * address in {@code X-Forwarded-For} that is not itself a trusted proxy (entries further left
   * were written by the client and prove nothing).
   */
  String clientOf(String peer, String forwardedFor) {
    if (forwardedFor == null || !trusts(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (literal(hop) == null) {
        return client; // garbage in the chain: stop at the last address we could vouch for
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  boolean trusts(String ip) {
    InetAddress address = literal(ip);
    if (address == null) {
      return false;
    }
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    for (IpSubnetFilterRule rule : rules) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }

  /** An IP literal as an address, never a DNS lookup; null for anything else. */
  private static InetAddress literal(String ip) {
    return ip == null ? null : NetUtil.createInetAddressFromIpAddressString(ip);
  }
}
