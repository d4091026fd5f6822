package dev.tokenvault.provider;

/** RFC 7009 {@code token_type_hint}. */
public enum TokenTypeHint {
  ACCESS_TOKEN("access_token"),
  REFRESH_TOKEN("refresh_token");

  private final String wireName;

  TokenTypeHint(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static TokenTypeHint fromWireName(String name) {
    for (TokenTypeHint hint : values()) {
      if (hint.wireName.equals(name)) {
        return hint;
      }
    }
    throw new IllegalArgumentException("Unknown token_type_hint: " + name);
  }
}
