package dev.tokenvault;

/** The application's client secret at a provider. */
public final class ClientSecret extends Secret {
  public ClientSecret(String value) {
    super(value);
  }
}
