package dev.tokenvault.sandbox;

/** A grant as the sandbox shows it: whose, which scope, how often refreshed, whether revoked. */
public record GrantView(String user, String scope, boolean revoked, int refreshes) {}
