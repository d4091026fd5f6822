package dev.tokenvault.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One step of a request's way out and its response's way back (OkHttp's idea). */
public interface Interceptor {
  <T> HttpResponse<T> intercept(Chain<T> chain) throws IOException, InterruptedException;

  /** The rest of the way: later interceptors, then the network. */
  interface Chain<T> {
    HttpRequest request();

    HttpResponse<T> proceed(HttpRequest request) throws IOException, InterruptedException;
  }
}
