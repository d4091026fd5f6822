package dev.tokenvault.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Honours {@code Retry-After} on 429 for idempotent methods only: repeating a POST could do its
 * work twice, so a POST's 429 goes back to the caller.
 */
final class RateLimitRetry implements Interceptor {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

  private final int maxRetries;
  private final Duration maxWait;
  private final Clock clock;

  RateLimitRetry(int maxRetries, Duration maxWait, Clock clock) {
    this.maxRetries = maxRetries;
    this.maxWait = maxWait;
    this.clock = clock;
  }

  @Override
  public <T> HttpResponse<T> intercept(Chain<T> chain) throws IOException, InterruptedException {
    HttpRequest request = chain.request();
    HttpResponse<T> response = chain.proceed(request);
    for (int attempt = 0; attempt < maxRetries && response.statusCode() == 429
        && IDEMPOTENT.contains(request.method()); attempt++) {
      Duration wait = retryAfter(response);
      if (wait.compareTo(maxWait) > 0) {
        return response; // The server wants longer than we may block: let the caller decide.
      }
      Thread.sleep(wait);
      response = chain.proceed(request);
    }
    return response;
  }

  private Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse("").trim();
    if (value.isEmpty()) {
      return DEFAULT_WAIT;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return DEFAULT_WAIT;
      }
    }
  }
}
