package dev.tokenvault.session;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import net.minidev.json.JSONObject;

/** Session values as JSON text, the form in which they are sealed. */
final class SessionData {
  private SessionData() {}

  static String toJson(Map<String, ?> values) {
    return new JSONObject(values).toJSONString();
  }

  /** Parses what {@link #toJson} wrote; null when it is not such a JSON object. */
  static Map<String, Object> fromJson(String json) {
    try {
      return new LinkedHashMap<>(JSONObjectUtils.parse(json));
    } catch (ParseException e) {
      return null;
    }
  }

  static Map<String, String> strings(Object value) {
    var result = new LinkedHashMap<String, String>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (k != null && v != null) {
          result.put(k.toString(), v.toString());
        }
      });
    }
    return result;
  }
}
