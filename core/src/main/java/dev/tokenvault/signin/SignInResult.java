package dev.tokenvault.signin;

import dev.tokenvault.provider.TokenGrant;

/**
 * A completed sign-in, not yet stored. {@code toString()} shows no token.
 *
 * @param userId the application's user id given at the start, or null
 * @param returnTo where the application wanted to go after sign-in, or null
 */
public record SignInResult(String provider, String userId, String accountId, TokenGrant grant, String returnTo) {}
