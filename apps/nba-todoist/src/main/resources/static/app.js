// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Fill the time zone the browser knows, unless the person already typed one.
  document.querySelectorAll("[data-detect-zone]").forEach(function (field) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && field.value === "UTC") {
        field.value = zone;
      }
    } catch (e) {
      // Old browsers: the person types it.
    }
  });

  // Live progress over Server-Sent Events; the page's meta refresh is the fallback.
  var box = document.querySelector("[data-events]");
  if (box && window.EventSource) {
    var refresh = document.querySelector("meta[http-equiv=refresh]");
    if (refresh) {
      refresh.parentNode.removeChild(refresh);
    }
    var bar = document.getElementById("bar");
    var status = document.getElementById("status");
    var source = new EventSource(box.getAttribute("data-events"));
    source.addEventListener("progress", function (event) {
      var p = JSON.parse(event.data);
      bar.max = Math.max(p.total, 1);
      bar.value = p.done;
      status.textContent = p.done + " of " + p.total + " games written…";
    });
    source.addEventListener("done", function () {
      source.close();
      window.location.assign(box.getAttribute("data-result"));
    });
    source.onerror = function () {
      source.close();
      window.location.reload();
    };
  }
})();
