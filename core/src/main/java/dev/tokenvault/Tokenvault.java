package dev.tokenvault;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.http.AuthorizedHttpClient;
import dev.tokenvault.http.BearerTokens;
import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.TokenTypeHint;
import dev.tokenvault.refresh.FreshTokens;
import dev.tokenvault.refresh.RefreshSettings;
import dev.tokenvault.session.SealedCookieSessions;
import dev.tokenvault.session.ServerSessions;
import dev.tokenvault.session.SessionSettings;
import dev.tokenvault.session.SessionStore;
import dev.tokenvault.signin.SignIn;
import dev.tokenvault.signin.SignInException;
import dev.tokenvault.signin.SignInResult;
import dev.tokenvault.store.AuditLog;
import dev.tokenvault.store.Connections;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.RefreshLeases;
import dev.tokenvault.store.Resealer;
import dev.tokenvault.store.RevocationOutbox;
import dev.tokenvault.store.Sessions;
import dev.tokenvault.store.SignInStates;
import dev.tokenvault.store.StoredTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Tokenvault facade: sign users in at OAuth providers, hand out access tokens that are always
 * valid, call provider APIs for a connection, disconnect. Build one per application with {@link
 * #builder()} and share it; it is thread-safe.
 *
 * <pre>{@code
 * Tokenvault vault = Tokenvault.builder()
 *     .database(Database.open("jdbc:h2:file:./data/tokenvault", "sa", "", 10))
 *     .keyring(Keyring.fromEnvironment(System.getenv(), Path.of("data/keyset.json")))
 *     .provider(new ProviderRegistration(Providers.todoist(), clientId, new ClientSecret(secret),
 *         URI.create("https://app.example/callback"), List.of("data:read_write")))
 *     .build();
 * URI go = vault.beginSignIn("todoist", sessionId, null, "/");         // redirect the browser here
 * Connection c = vault.completeSignIn("todoist", callbackQuery, sessionId);
 * AccessToken token = vault.accessToken(c.id());                       // refreshed when due
 * vault.disconnect(c.id());                                            // revoked and wiped
 * }</pre>
 */
public final class Tokenvault implements AutoCloseable {
  private final Database database;
  private final boolean ownsDatabase;
  private final Keyring keyring;
  private final Map<String, ProviderRegistration> registrations;
  private final OAuthClient oauth;
  private final HttpClient apiHttp;
  private final SignIn signIn;
  private final Connections connections;
  private final FreshTokens freshTokens;
  private final Revocations revocations;
  private final AuditLog audit;
  private final SessionStore sessions;
  private final Resealer resealer;
  private final Events events;
  private final BackgroundJobs jobs;
  private final Clock clock;

  private Tokenvault(Builder b) {
    this.database = Objects.requireNonNull(b.database, "database: call Builder.database(...)");
    this.ownsDatabase = b.ownsDatabase;
    this.keyring = Objects.requireNonNull(b.keyring, "keyring: call Builder.keyring(...)");
    if (b.registrations.isEmpty()) {
      throw new IllegalArgumentException("No provider is registered: call Builder.provider(...) at least once");
    }
    this.registrations = Map.copyOf(b.registrations);
    this.clock = b.clock;
    var sealer = keyring.sealer();
    this.audit = new AuditLog(database);
    var sinks = new ArrayList<Consumer<TokenvaultEvent>>();
    sinks.add(audit::append);
    sinks.addAll(b.listeners);
    this.events = new Events(sinks, b.meters);
    this.oauth = OAuthClient.create(b.providerTimeout, clock);
    this.apiHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.signIn = new SignIn(new SignInStates(database, sealer), oauth, clock, b.random);
    this.connections = new Connections(database, sealer);
    this.freshTokens = new FreshTokens(connections, new RefreshLeases(database),
        (provider, token) -> oauth.refresh(registration(provider), token),
        provider -> registration(provider).profile().refreshWindow(),
        events, b.meters, clock, b.refreshSettings);
    this.revocations = new Revocations(oauth, registrations, new RevocationOutbox(database, sealer), b.meters, clock);
    this.sessions = b.cookieSessions
        ? new SealedCookieSessions(sealer, b.sessionSettings, clock, b.random)
        : new ServerSessions(new Sessions(database, sealer), b.sessionSettings, clock, b.random);
    this.resealer = new Resealer(database, sealer);
    this.jobs = new BackgroundJobs(b.meters);
    if (b.backgroundJobs) {
      startJobs(b);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private void startJobs(Builder b) {
    var signInStates = new SignInStates(database, keyring.sealer());
    jobs.every(Duration.ofMinutes(1), "revocation-outbox", () -> revocations.retryDue(100));
    jobs.every(Duration.ofMinutes(5), "cleanup", () -> {
      int removed = signInStates.deleteExpired(clock.instant().minus(Duration.ofMinutes(10)));
      if (sessions instanceof ServerSessions server) {
        removed += server.deleteExpired();
      }
      return removed + audit.deleteOlderThan(clock.instant().minus(b.auditRetention));
    });
    jobs.every(Duration.ofMinutes(1), "reseal",
        () -> keyring.keyIds().size() > 1 ? resealer.resealBatch(500) : 0);
    if (b.keepFresh) {
      jobs.every(Duration.ofMinutes(1), "keep-fresh", () -> freshTokens.refreshExpiring(100));
    }
  }

  /**
   * Starts a sign-in at {@code provider} and returns the URL to redirect the browser to.
   *
   * @param browserBinding a stable value of the browser session (its session id); the callback
   *     must come from the same session
   * @param userId the application's user id, or null to identify the user by the provider account
   * @param returnTo where the application wants to go after sign-in (validate it yourself), or null
   */
  public URI beginSignIn(String provider, String browserBinding, String userId, String returnTo) {
    return signIn.begin(registration(provider), browserBinding, userId, returnTo);
  }

  /**
   * Completes a sign-in from the callback's query parameters and stores the connection (one per
   * user, provider and provider account; signing in again replaces its tokens).
   *
   * @throws SignInException with a reason for every way a callback can be wrong; nothing is stored
   */
  public SignedIn completeSignIn(String provider, Map<String, String> callbackQuery, String browserBinding)
      throws SignInException {
    SignInResult result = signIn.complete(registration(provider), callbackQuery, browserBinding);
    String userId = result.userId() != null ? result.userId() : provider + ":" + result.accountId();
    Connection connection = connections.upsert(userId, provider, result.accountId(), result.grant(), clock.instant());
    freshTokens.forget(connection.id());
    events.accept(new TokenvaultEvent(EventType.CONNECTED, clock.instant(), connection.id(), userId, provider, null));
    return new SignedIn(connection, result.returnTo());
  }

  /** A completed sign-in: the stored connection and where the application wanted to go next. */
  public record SignedIn(Connection connection, String returnTo) {}

  /**
   * An access token for the connection that is valid beyond the provider's refresh window,
   * refreshed (once, however many callers ask at the same time) when due.
   *
   * @throws TokenvaultException NEEDS_REAUTH, TRY_LATER, NOT_FOUND, PROVIDER_ERROR or STORAGE_UNAVAILABLE
   */
  public AccessToken accessToken(String connectionId) {
    return freshTokens.validAccessToken(connectionId);
  }

  /**
   * An HTTP client that acts for the connection: bearer token added, one refresh and retry on 401,
   * {@code Retry-After} honoured on 429 for idempotent requests.
   */
  public AuthorizedHttpClient httpClient(String connectionId) {
    return AuthorizedHttpClient.builder(apiHttp, new BearerTokens() {
      @Override
      public AccessToken current() {
        return freshTokens.validAccessToken(connectionId);
      }

      @Override
      public AccessToken afterRejection(AccessToken rejected) {
        return freshTokens.afterRejection(connectionId, rejected);
      }
    }).clock(clock).build();
  }

  public Optional<Connection> connection(String connectionId) {
    return connections.find(connectionId);
  }

  public List<Connection> connections(String userId) {
    return connections.forUser(userId);
  }

  /**
   * Disconnects: the tokens are wiped locally first, then revoked at the provider; a revocation that
   * fails is retried from the outbox. Disconnecting twice is harmless.
   */
  public void disconnect(String connectionId) {
    StoredTokens taken = connections.revoke(connectionId, clock.instant())
        .orElseThrow(() -> new TokenvaultException(TokenvaultException.Reason.NOT_FOUND, "No connection with id " + connectionId));
    freshTokens.forget(connectionId);
    // The refresh token first: revoking it ends the whole grant at most providers.
    if (taken.refreshToken() != null) {
      revocations.revoke(connectionId, taken.provider(), taken.refreshToken(), TokenTypeHint.REFRESH_TOKEN);
    }
    if (taken.accessToken() != null) {
      revocations.revoke(connectionId, taken.provider(), taken.accessToken(), TokenTypeHint.ACCESS_TOKEN);
    }
    if (taken.accessToken() != null || taken.refreshToken() != null) {
      events.accept(new TokenvaultEvent(EventType.REVOKED, clock.instant(), connectionId, taken.userId(),
          taken.provider(), null));
    }
  }

  /** Browser sessions (server-side or sealed cookie, as configured). */
  public SessionStore sessions() {
    return sessions;
  }

  /** The newest audit events of a connection. */
  public List<TokenvaultEvent> auditTrail(String connectionId, int limit) {
    return audit.recent(connectionId, limit);
  }

  /**
   * Makes a new key primary; a background job then re-seals stored secrets with it. Retire the old
   * key with {@link #retireKey} once {@link #valuesUnderOldKeys()} is zero.
   */
  public int rotateKey() {
    int id = keyring.rotate();
    events.accept(new TokenvaultEvent(EventType.KEY_ROTATED, clock.instant(), null, null, null, "new primary key " + id));
    return id;
  }

  /** Re-seals up to {@code limit} values now (the background job does this every minute). */
  public int resealNow(int limit) {
    return resealer.resealBatch(limit);
  }

  public long valuesUnderOldKeys() {
    return resealer.remainingUnderOldKeys();
  }

  /** Retires a non-primary key; refuses while any stored value still needs it. */
  public void retireKey(int keyId) {
    long remaining = resealer.remainingUnderOldKeys();
    if (remaining > 0) {
      throw new IllegalStateException(remaining + " stored values are still sealed with an old key; re-seal first");
    }
    keyring.retire(keyId);
  }

  /** Retries failed provider revocations now (the background job does this every minute). */
  public int retryRevocationsNow() {
    return revocations.retryDue(100);
  }

  public ProviderRegistration registration(String provider) {
    ProviderRegistration registration = registrations.get(provider);
    if (registration == null) {
      throw new IllegalArgumentException("Unknown provider " + provider + "; registered: " + registrations.keySet());
    }
    return registration;
  }

  @Override
  public void close() {
    jobs.close();
    if (ownsDatabase) {
      database.close();
    }
  }

  /** Configures a {@link Tokenvault}; {@link #build()} validates everything. */
  public static final class Builder {
    private Database database;
    private boolean ownsDatabase;
    private Keyring keyring;
    private final Map<String, ProviderRegistration> registrations = new LinkedHashMap<>();
    private final List<Consumer<TokenvaultEvent>> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private MeterRegistry meters = new SimpleMeterRegistry();
    private RefreshSettings refreshSettings = RefreshSettings.DEFAULTS;
    private SessionSettings sessionSettings = SessionSettings.DEFAULTS;
    private boolean cookieSessions;
    private Duration providerTimeout = Duration.ofSeconds(10);
    private boolean backgroundJobs = true;
    private boolean keepFresh;
    private Duration auditRetention = Duration.ofDays(90);

    private Builder() {}

    /** A database the caller opened and closes. */
    public Builder database(Database database) {
      this.database = database;
      this.ownsDatabase = false;
      return this;
    }

    /** Opens (and on close, closes) a pool on {@code jdbcUrl}: {@code jdbc:h2:...} or {@code jdbc:postgresql:...}. */
    public Builder database(String jdbcUrl, String user, String password) {
      this.database = Database.open(jdbcUrl, user, password, 10);
      this.ownsDatabase = true;
      return this;
    }

    public Builder keyring(Keyring keyring) {
      this.keyring = keyring;
      return this;
    }

    public Builder provider(ProviderRegistration registration) {
      if (registrations.putIfAbsent(registration.providerId(), registration) != null) {
        throw new IllegalArgumentException("Provider " + registration.providerId() + " is registered twice");
      }
      return this;
    }

    /** Receives every event (connected, refreshed, needs_reauth, ...); it must not block for long. */
    public Builder listener(Consumer<TokenvaultEvent> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder meterRegistry(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    public Builder refreshSettings(RefreshSettings settings) {
      this.refreshSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder sessionSettings(SessionSettings settings) {
      this.sessionSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Sealed-cookie sessions instead of server-side ones. */
    public Builder cookieSessions(boolean cookieSessions) {
      this.cookieSessions = cookieSessions;
      return this;
    }

    /** Timeout of each call to a provider's token or revocation endpoint (default 10 s). */
    public Builder providerTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("providerTimeout must be positive, was " + timeout);
      }
      this.providerTimeout = timeout;
      return this;
    }

    /** Cleanup, outbox retries and re-sealing on a background thread (default on). */
    public Builder backgroundJobs(boolean enabled) {
      this.backgroundJobs = enabled;
      return this;
    }

    /** Also refresh connections about to expire in the background (default off). */
    public Builder keepFresh(boolean enabled) {
      this.keepFresh = enabled;
      return this;
    }

    /** How long audit events are kept (default 90 days). */
    public Builder auditRetention(Duration retention) {
      if (retention == null || retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("auditRetention must be positive, was " + retention);
      }
      this.auditRetention = retention;
      return this;
    }

    public Tokenvault build() {
      return new Tokenvault(this);
    }
  }
}
