package dev.tokenvault.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code java.net.http} client that acts for one connection: it adds the bearer token, refreshes
 * once and retries once on 401, and honours {@code Retry-After} on 429 for idempotent requests.
 * It logs nothing, so no token can reach a log. Immutable; {@link #newBuilder()} derives variants that
 * share the underlying client.
 */
public final class AuthorizedHttpClient {
  private final HttpClient http;
  private final List<Interceptor> custom;
  private final List<Interceptor> interceptors;
  private final BearerTokens tokens;
  private final int maxRateLimitRetries;
  private final Duration maxRetryAfter;
  private final Clock clock;

  private AuthorizedHttpClient(Builder builder) {
    this.http = builder.http;
    this.tokens = builder.tokens;
    this.maxRateLimitRetries = builder.maxRateLimitRetries;
    this.maxRetryAfter = builder.maxRetryAfter;
    this.clock = builder.clock;
    this.custom = List.copyOf(builder.interceptors);
    var chain = new ArrayList<Interceptor>(custom);
    chain.add(new RateLimitRetry(maxRateLimitRetries, maxRetryAfter, clock));
    chain.add(new BearerAuthentication(tokens));
    this.interceptors = List.copyOf(chain);
  }

  public static Builder builder(HttpClient http, BearerTokens tokens) {
    return new Builder(http, tokens);
  }

  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return new RealChain<>(0, request, handler).proceed(request);
  }

  public Builder newBuilder() {
    var builder = new Builder(http, tokens);
    builder.maxRateLimitRetries = maxRateLimitRetries;
    builder.maxRetryAfter = maxRetryAfter;
    builder.clock = clock;
    builder.interceptors.addAll(custom);
    return builder;
  }

  private final class RealChain<T> implements Interceptor.Chain<T> {
    private final int index;
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;

    RealChain(int index, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      this.index = index;
      this.request = request;
      this.handler = handler;
    }

    @Override
    public HttpRequest request() {
      return request;
    }

    @Override
    public HttpResponse<T> proceed(HttpRequest next) throws IOException, InterruptedException {
      if (index == interceptors.size()) {
        return http.send(next, handler);
      }
      return interceptors.get(index).intercept(new RealChain<>(index + 1, next, handler));
    }
  }

  /** Settings for an {@link AuthorizedHttpClient}. */
  public static final class Builder {
    private final HttpClient http;
    private final BearerTokens tokens;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private int maxRateLimitRetries = 2;
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder(HttpClient http, BearerTokens tokens) {
      this.http = Objects.requireNonNull(http, "http");
      this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** Adds a step that runs before the built-in ones (rate-limit retry, then bearer token). */
    public Builder addInterceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** How often a 429 on an idempotent request is retried (default 2). */
    public Builder maxRateLimitRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRateLimitRetries must not be negative, was " + retries);
      }
      this.maxRateLimitRetries = retries;
      return this;
    }

    /** The longest {@code Retry-After} the client waits out itself (default 30 s). */
    public Builder maxRetryAfter(Duration wait) {
      if (wait == null || wait.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must be zero or positive, was " + wait);
      }
      this.maxRetryAfter = wait;
      return this;
    }

    /** The clock that turns an HTTP-date {@code Retry-After} into a wait. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public AuthorizedHttpClient build() {
      return new AuthorizedHttpClient(this);
    }
  }
}
