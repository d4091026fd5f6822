package dev.tokenvault.sandbox;

import java.time.Duration;

/** Runs the sandbox alone: {@code SandboxMain [port] [access-token-seconds]}. */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    long lifetime = args.length > 1 ? Long.parseLong(args[1]) : 3600;
    TodoistSandbox sandbox = TodoistSandbox.start(SandboxSettings.builder()
        .port(port).accessTokenLifetime(Duration.ofSeconds(lifetime)).build());
    System.out.println("Todoist sandbox at " + sandbox.baseUri() + " (client sandbox-client / sandbox-secret)");
  }
}
