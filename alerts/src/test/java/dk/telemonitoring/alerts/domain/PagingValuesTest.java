package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who is paged where, who still has duties, and the acknowledge tokens' cryptography. */
class PagingValuesTest {

  private static Contact contact(
      String email, String push, String url, String secret, boolean inApp) {
    return new Contact("dr-1", "vios", "Dr One", email, push, url, secret, inApp, true);
  }

  @ParameterizedTest(name = "{0}: in-app {1}, e-mail {2}, push {3}, webhook {4} secret {5} -> {6}")
  @CsvSource(
      nullValues = "-",
      value = {
        "IN_APP,  true,  -,          -,         -,             -,      dr-1",
        "IN_APP,  false, a@b.dk,     -,         -,             -,      -",
        "EMAIL,   false, a@b.dk,     -,         -,             -,      a@b.dk",
        "EMAIL,   true,  -,          -,         -,             -,      -",
        "PUSH,    false, -,          dr/alerts, -,             -,      dr/alerts",
        "PUSH,    false, a@b.dk,     -,         -,             -,      -",
        "WEBHOOK, false, -,          -,         https://h/x,   secret, https://h/x",
        "WEBHOOK, false, -,          -,         https://h/x,   -,      -",
        "WEBHOOK, false, -,          -,         -,             secret, -",
      })
  void aPersonIsPagedOnAChannelOnlyWhereTheyHaveAnAddressForIt(
      Channel channel,
      boolean inApp,
      String email,
      String push,
      String url,
      String secret,
      String expected) {
    assertThat(contact(email, push, url, secret, inApp).address(channel))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void aPersonHasNoDutiesOnlyWhenNoRotationOverrideOrPolicyNamesThem() {
    Rotation rotation =
        new Rotation(
            1,
            "vios",
            OnCallRole.ONCALL_DOCTOR,
            ZoneId.of("Europe/Copenhagen"),
            LocalDate.of(2026, 1, 1),
            7,
            List.of(LocalTime.of(8, 0)),
            List.of("dr-1"));
    StoredOverride override =
        new StoredOverride(
            new OnCallOverride(
                2,
                "vios",
                OnCallRole.ONCALL_DOCTOR,
                "dr-1",
                Instant.parse("2026-03-01T07:00:00Z"),
                Instant.parse("2026-03-02T07:00:00Z"),
                Instant.EPOCH),
            "cover");
    PolicyRef policy = new PolicyRef("vios", Level.CRITICAL);

    assertThat(new PersonDuties(List.of(), List.of(), List.of()).isEmpty()).isTrue();
    assertThat(new PersonDuties(List.of(rotation), List.of(), List.of()).isEmpty()).isFalse();
    assertThat(new PersonDuties(List.of(), List.of(override), List.of()).isEmpty()).isFalse();
    assertThat(new PersonDuties(List.of(), List.of(), List.of(policy)).isEmpty()).isFalse();
  }

  @Test
  void hmacIsHmacSha256AsPublished() {
    // RFC 4231, test case 2.
    assertThat(AckTokens.hmacHex("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void aTokensStoredHashIsItsSha256() {
    assertThat(HexFormat.of().formatHex(AckTokens.hash("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aTokenIsTheSameForTheSameNotificationAndSecretAndDiffersOtherwise() {
    UUID notification = UUID.fromString("0b5e6a4e-7d1c-4f3a-9a57-2f1f3d8e9c10");
    AckTokens tokens = new AckTokens("a-secret-of-the-clinic-0123456789");
    String token = tokens.tokenFor(notification);

    assertThat(token)
        .isEqualTo(tokens.tokenFor(notification))
        .doesNotContain("=", "+", "/")
        .hasSize(43);
    assertThat(token)
        .isEqualTo(
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    AckTokens.hmac(
                        "a-secret-of-the-clinic-0123456789".getBytes(StandardCharsets.UTF_8),
                        ("ack:" + notification).getBytes(StandardCharsets.UTF_8))));
    assertThat(new AckTokens("another-secret-of-the-clinic-0123").tokenFor(notification))
        .isNotEqualTo(token);
    assertThat(tokens.tokenFor(UUID.randomUUID())).isNotEqualTo(token);
  }
}
