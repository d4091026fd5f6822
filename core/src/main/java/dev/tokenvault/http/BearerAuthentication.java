package dev.tokenvault.http;

import dev.tokenvault.AccessToken;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Adds the bearer token; on 401 gets a fresh token and retries exactly once. */
final class BearerAuthentication implements Interceptor {
  private final BearerTokens tokens;

  BearerAuthentication(BearerTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public <T> HttpResponse<T> intercept(Chain<T> chain) throws IOException, InterruptedException {
    AccessToken token = tokens.current();
    HttpResponse<T> response = chain.proceed(withToken(chain.request(), token));
    if (response.statusCode() != 401) {
      return response;
    }
    AccessToken fresh = tokens.afterRejection(token);
    return chain.proceed(withToken(chain.request(), fresh));
  }

  private static HttpRequest withToken(HttpRequest request, AccessToken token) {
    return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
        .header("Authorization", "Bearer " + token.reveal())
        .build();
  }
}
