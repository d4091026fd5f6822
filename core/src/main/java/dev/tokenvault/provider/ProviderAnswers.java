package dev.tokenvault.provider;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.tokenvault.AccessToken;
import dev.tokenvault.IdToken;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.provider.ProviderException.Reason;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import net.minidev.json.JSONObject;

/**
 * Reads what providers answer, quirks included: errors inside a 200 (GitHub's {@code error}, Slack's
 * {@code ok:false}), {@code expires_in} as a string, comma-separated scopes, and provider-specific
 * names for "this grant is dead". Messages name the provider and the error code, never the body.
 */
final class ProviderAnswers {
  private static final int MAX_DESCRIPTION = 200;
  /** Provider-specific error codes that mean what {@code invalid_grant} means. */
  private static final Set<String> DEAD_GRANT = Set.of(
      "invalid_grant", "bad_refresh_token", "bad_verification_code", "invalid_refresh_token",
      "invalid_code", "token_revoked", "token_expired");
  private static final Set<String> BAD_CLIENT = Set.of(
      "invalid_client", "unauthorized_client", "incorrect_client_credentials", "invalid_client_id",
      "bad_client_secret");

  private ProviderAnswers() {}

  /** Parses a token endpoint answer into a grant, or throws the failure it describes. */
  static TokenGrant grant(ProviderProfile profile, int status, HttpHeaders headers, String body, Clock clock)
      throws ProviderException {
    JSONObject json = failIfError(profile, "token request", status, headers, body, clock);
    String accessToken = string(json, "access_token");
    if (accessToken == null || accessToken.isBlank()) {
      throw malformed(profile, "token response has no access_token");
    }
    String refreshToken = string(json, "refresh_token");
    String idToken = string(json, "id_token");
    return new TokenGrant(
        new AccessToken(accessToken),
        refreshToken == null || refreshToken.isBlank() ? null : new RefreshToken(refreshToken),
        idToken == null || idToken.isBlank() ? null : new IdToken(idToken),
        string(json, "token_type"),
        expiresAt(profile, json, clock),
        scopes(string(json, "scope")));
  }

  /**
   * Throws when the answer is a failure: transport status, an OAuth error, or a quirk's error in a
   * 200. Otherwise returns the JSON body (empty when the body is empty).
   */
  static JSONObject failIfError(ProviderProfile profile, String call, int status, HttpHeaders headers, String body,
      Clock clock) throws ProviderException {
    if (status == 429) {
      throw new ProviderException(Reason.RATE_LIMITED, null,
          profile.displayName() + " is rate limiting the " + call + " (HTTP 429)",
          retryAfter(headers, clock), null);
    }
    if (status >= 500) {
      throw new ProviderException(Reason.UNAVAILABLE, null,
          profile.displayName() + " failed the " + call + " (HTTP " + status + ")",
          retryAfter(headers, clock), null);
    }
    JSONObject json = parse(body);
    if (json == null) {
      throw malformed(profile, call + " answered HTTP " + status + " with a body that is not JSON");
    }
    String error = string(json, "error");
    boolean slackFailure = Boolean.FALSE.equals(json.get("ok"));
    if (status >= 400 || error != null || slackFailure) {
      String code = error == null ? (status == 401 ? "invalid_client" : "http_" + status) : error;
      String description = sanitize(string(json, "error_description"));
      throw new ProviderException(reasonOf(code), code,
          profile.displayName() + " refused the " + call + ": " + code + (description == null ? "" : " (" + description + ")"));
    }
    return json;
  }

  static ProviderException malformed(ProviderProfile profile, String what) {
    return new ProviderException(Reason.MALFORMED_RESPONSE, null,
        profile.displayName() + " sent an answer Tokenvault cannot use: " + what);
  }

  static Reason reasonOf(String code) {
    if (DEAD_GRANT.contains(code)) {
      return Reason.INVALID_GRANT;
    }
    if (BAD_CLIENT.contains(code)) {
      return Reason.INVALID_CLIENT;
    }
    if ("access_denied".equals(code)) {
      return Reason.ACCESS_DENIED;
    }
    if ("temporarily_unavailable".equals(code)) {
      return Reason.UNAVAILABLE;
    }
    if ("slow_down".equals(code) || "ratelimited".equals(code)) {
      return Reason.RATE_LIMITED;
    }
    return Reason.OTHER;
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(HttpHeaders headers, Clock clock) {
    String value = headers.firstValue("Retry-After").orElse(null);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  static JSONObject parse(String body) {
    if (body == null || body.isBlank()) {
      return new JSONObject();
    }
    try {
      return JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      return null;
    }
  }

  static String string(Map<String, Object> json, String field) {
    Object value = json.get(field);
    return value == null ? null : value.toString();
  }

  /** Reads a dotted path such as {@code user.id}; numbers are returned as their text. */
  static String path(Map<String, Object> json, String dotted) {
    Object current = json;
    for (String part : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current == null ? null : current.toString();
  }

  private static Instant expiresAt(ProviderProfile profile, JSONObject json, Clock clock) throws ProviderException {
    Object expiresIn = json.get("expires_in");
    if (expiresIn == null) {
      return null;
    }
    try {
      long seconds = expiresIn instanceof Number n ? n.longValue() : Long.parseLong(expiresIn.toString().trim());
      if (seconds <= 0) {
        throw malformed(profile, "expires_in must be positive");
      }
      return clock.instant().plusSeconds(seconds);
    } catch (NumberFormatException e) {
      throw malformed(profile, "expires_in is not a number");
    }
  }

  private static Set<String> scopes(String scope) {
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.stream(scope.split("[ ,]+")).filter(s -> !s.isBlank()).toList());
  }

  /** Providers echo user input in descriptions: keep it short and printable. */
  private static String sanitize(String description) {
    if (description == null) {
      return null;
    }
    String printable = description.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() <= MAX_DESCRIPTION ? printable : printable.substring(0, MAX_DESCRIPTION) + "...";
  }
}
