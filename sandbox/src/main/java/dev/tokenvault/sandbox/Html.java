package dev.tokenvault.sandbox;

/** Minimal HTML for the sandbox's two pages: escaping and a shared frame with inline-free styling. */
final class Html {
  private Html() {}

  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    var out = new StringBuilder();
    for (char c : value.toString().toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String page(String title, String body) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title><link rel="stylesheet" href="/sandbox.css"></head>
        <body><div class="banner" role="note">Todoist sandbox: a local stand-in for Todoist. Nothing here reaches todoist.com.</div>
        <main>%s</main></body></html>
        """.formatted(escape(title), body);
  }

  static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fafafa;color:#202020}
      .banner{background:#db4c3f;color:#fff;padding:.5rem 1rem;font-weight:600}
      main{max-width:40rem;margin:2rem auto;padding:0 1rem}
      .card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1.5rem}
      label{display:block;margin:1rem 0 .25rem;font-weight:600}
      input[type=text]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
      button{font-size:1rem;padding:.6rem 1.2rem;margin:1rem .5rem 0 0;border-radius:6px;border:1px solid #888;cursor:pointer}
      button.allow{background:#db4c3f;color:#fff;border-color:#db4c3f}
      button:focus,input:focus{outline:3px solid #1f6feb;outline-offset:2px}
      table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee}
      .revoked{color:#a00}.active{color:#070}
      """;
}
