package dev.tokenvault.refresh;

import dev.tokenvault.RefreshToken;
import dev.tokenvault.provider.ProviderException;
import dev.tokenvault.provider.TokenGrant;

/** Trades a refresh token for new tokens at a provider's token endpoint. */
@FunctionalInterface
public interface TokenEndpoint {
  TokenGrant refresh(String provider, RefreshToken token) throws ProviderException;
}
