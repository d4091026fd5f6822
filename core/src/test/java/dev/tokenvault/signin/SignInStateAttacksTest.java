package dev.tokenvault.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.SignInStates;
import dev.tokenvault.testing.MutableClock;
import dev.tokenvault.testing.ProgrammableProvider;
import dev.tokenvault.testing.Redirects;
import dev.tokenvault.testing.TestDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Forged, mutated, expired and replayed states, on PostgreSQL: each rejected, nothing completed. */
class SignInStateAttacksTest {
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private static ProgrammableProvider provider;
  private static Database database;
  private static SignIn signIn;
  private static ProviderRegistration registration;

  @BeforeAll
  static void start() {
    provider = new ProgrammableProvider(clock);
    registration = provider.registration("prog");
    database = TestDatabases.postgres();
    signIn = new SignIn(new SignInStates(database, TestDatabases.newSealer()),
        OAuthClient.create(Duration.ofSeconds(5), clock), clock, new SecureRandom());
  }

  @AfterAll
  static void stop() {
    provider.close();
    database.close();
  }

  static Stream<Integer> attempts() {
    return IntStream.range(0, 60).boxed();
  }

  @ParameterizedTest
  @MethodSource("attempts")
  void forgedOrMutatedStatesAreRejected(int round) {
    var random = new Random(77_000L + round);
    String real = Redirects.query(signIn.begin(registration, "browser", null, null)).get("state");
    String forged = switch (round % 5) {
      case 0 -> real.substring(0, random.nextInt(real.length())); // truncated
      case 1 -> real + (char) ('a' + random.nextInt(26)); // extended
      case 2 -> { // one character changed
        char[] chars = real.toCharArray();
        int i = random.nextInt(chars.length);
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        yield new String(chars);
      }
      case 3 -> { // random unicode
        var sb = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(80); i++) {
          sb.appendCodePoint(1 + random.nextInt(0x2FFFF));
        }
        yield sb.toString();
      }
      default -> "x".repeat(1 + random.nextInt(100_000)); // huge
    };
    Map<String, String> callback = Map.of("state", forged, "code", "some-code");

    assertThatThrownBy(() -> signIn.complete(registration, callback, "browser"))
        .isInstanceOfSatisfying(SignInException.class, e -> assertThat(e.reason())
            .isIn(SignInException.Reason.STATE_UNKNOWN, SignInException.Reason.STATE_MISSING));
    assertThat(provider.refreshCalls()).isZero();
  }

  @Test
  void expiredStateIsRejected() {
    Map<String, String> callback = new HashMap<>(Redirects.query(signIn.begin(registration, "browser", null, null)));
    callback.put("code", "c");
    clock.advance(SignIn.STATE_LIFETIME.plusSeconds(1));

    assertThatThrownBy(() -> signIn.complete(registration, callback, "browser"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.STATE_EXPIRED));
  }

  @Test
  void concurrentCallbacksWithOneStateCompleteAtMostOnce() throws Exception {
    Map<String, String> callback = new HashMap<>(Redirects.query(signIn.begin(registration, "browser", null, null)));
    callback.put("code", "c");
    var outcomes = new java.util.concurrent.ConcurrentLinkedQueue<String>();
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        executor.submit(() -> {
          try {
            signIn.complete(registration, callback, "browser");
            outcomes.add("completed");
          } catch (SignInException e) {
            outcomes.add(e.reason().name());
          }
        });
      }
    }
    assertThat(outcomes).hasSize(20);
    assertThat(outcomes.stream().filter(o -> !o.equals("STATE_REPLAYED"))).hasSize(1);
  }

  @Test
  void issuerParameterIsRequiredAndCheckedWhereTheProviderPromisesIt() throws Exception {
    var strict = new ProviderRegistration(registration.profile().toBuilder()
        .issuer("https://prog.example").sendsIssuerParameter(true).build(),
        registration.clientId(), registration.clientSecret(), registration.redirectUri(), registration.scopes());
    Map<String, String> missing = new HashMap<>(Redirects.followToCallback(signIn.begin(strict, "b", null, null)));
    Map<String, String> wrong = new HashMap<>(Redirects.followToCallback(signIn.begin(strict, "b", null, null)));
    wrong.put("iss", "https://attacker.example");
    Map<String, String> right = new HashMap<>(Redirects.followToCallback(signIn.begin(strict, "b", null, null)));
    right.put("iss", "https://prog.example");

    for (Map<String, String> callback : java.util.List.of(missing, wrong)) {
      assertThatThrownBy(() -> signIn.complete(strict, callback, "b"))
          .isInstanceOfSatisfying(SignInException.class,
              e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.ISSUER_MISMATCH));
    }
    assertThat(signIn.complete(strict, right, "b").accountId()).isEqualTo("account-1");
  }

  @Test
  void missingStateWithAnErrorReportsTheError() {
    assertThatThrownBy(() -> signIn.complete(registration, Map.of("error", "server_error"), "browser"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.PROVIDER_ERROR));
    assertThatThrownBy(() -> signIn.complete(registration, Map.of("error", "<script>alert(1)</script>"), "browser"))
        .hasMessageNotContaining("<script>");
  }
}
