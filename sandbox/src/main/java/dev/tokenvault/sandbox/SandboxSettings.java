package dev.tokenvault.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox behaves.
 *
 * @param port 0 picks a free port; the sandbox binds 127.0.0.1 only
 * @param accessTokenLifetime Todoist's is an hour; shorten it to watch refreshes happen
 * @param refreshGrace how long a rotated-out refresh token is still accepted (Todoist: 60 s)
 * @param latency added to every token and API request, to imitate a distant server
 * @param projectLimit how many projects a user may have (Todoist's free plan allows 5... set as needed)
 */
public record SandboxSettings(
    int port,
    String clientId,
    String clientSecret,
    Duration accessTokenLifetime,
    Duration refreshGrace,
    Duration latency,
    int projectLimit,
    Clock clock) {

  public SandboxSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Sandbox port must be 0-65535, was " + port);
    }
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    if (accessTokenLifetime == null || accessTokenLifetime.toSeconds() < 1) {
      throw new IllegalArgumentException("Sandbox access-token lifetime must be at least 1 second, was " + accessTokenLifetime);
    }
    Objects.requireNonNull(refreshGrace, "refreshGrace");
    Objects.requireNonNull(latency, "latency");
    if (projectLimit < 1) {
      throw new IllegalArgumentException("Sandbox project limit must be at least 1, was " + projectLimit);
    }
    Objects.requireNonNull(clock, "clock");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: a free port, client {@code sandbox-client}/{@code sandbox-secret}, Todoist's lifetimes. */
  public static final class Builder {
    private int port;
    private String clientId = "sandbox-client";
    private String clientSecret = "sandbox-secret";
    private Duration accessTokenLifetime = Duration.ofHours(1);
    private Duration refreshGrace = Duration.ofSeconds(60);
    private Duration latency = Duration.ZERO;
    private int projectLimit = 300;
    private Clock clock = Clock.systemUTC();

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder client(String id, String secret) {
      this.clientId = id;
      this.clientSecret = secret;
      return this;
    }

    public Builder accessTokenLifetime(Duration lifetime) {
      this.accessTokenLifetime = lifetime;
      return this;
    }

    public Builder refreshGrace(Duration grace) {
      this.refreshGrace = grace;
      return this;
    }

    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    public Builder projectLimit(int limit) {
      this.projectLimit = limit;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public SandboxSettings build() {
      return new SandboxSettings(port, clientId, clientSecret, accessTokenLifetime, refreshGrace, latency, projectLimit, clock);
    }
  }
}
