package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.5, 172.16.0.0/12, ::1");

  @Test
  void anUntrustedPeersForwardedForIsIgnored() {
    assertThat(proxies.clientOf("198.51.100.9", "203.0.113.7")).isEqualTo("198.51.100.9");
    assertThat(TrustedProxies.parse("").clientOf("10.0.0.5", "203.0.113.7")).isEqualTo("10.0.0.5");
  }

  @Test
  void aTrustedProxyNamesTheClient() {
    assertThat(proxies.clientOf("10.0.0.5", "203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(proxies.clientOf("::1", "2001:db8::2")).isEqualTo("2001:db8::2");
  }

  @Test
  void theRightMostUntrustedHopCountsNotWhatTheClientWroteFurtherLeft() {
    assertThat(proxies.clientOf("10.0.0.5", "1.2.3.4, 203.0.113.7, 172.20.1.1"))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void garbageInTheChainStopsAtTheLastAddressVouchedFor() {
    assertThat(proxies.clientOf("10.0.0.5", "evil.example, 172.20.1.1")).isEqualTo("172.20.1.1");
    assertThat(proxies.clientOf("10.0.0.5", "not-an-address")).isEqualTo("10.0.0.5");
  }

  @Test
  void rangesAreMatchedAtTheirEdges() {
    assertThat(proxies.trusts("172.16.0.0")).isTrue();
    assertThat(proxies.trusts("172.31.255.255")).isTrue();
    assertThat(proxies.trusts("172.32.0.0")).isFalse();
    assertThat(proxies.trusts("172.15.255.255")).isFalse();
    assertThat(proxies.trusts("10.0.0.6")).isFalse();
    assertThat(proxies.trusts("host.example")).isFalse();
  }

  @Test
  void aWrongEntryStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
        .hasMessageContaining("HUB_HTTP_TRUSTED_PROXIES");
    assertThatThrownBy(() -> TrustedProxies.parse("proxy.internal"))
        .hasMessageContaining("HUB_HTTP_TRUSTED_PROXIES");
  }
}
