// The page /volgen: the server's token goes in the Authorization header of the requests that write (adding and
// removing a watch), never in the form data or the address; errors the server answers are shown on the page.
(function () {
  "use strict";
  function token() {
    var field = document.querySelector("input[data-token]");
    return field ? field.value.trim() : "";
  }
  document.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.verb !== "get" && token()) {
      e.detail.headers["Authorization"] = "Bearer " + token();
    }
  });
  function say(text) {
    var status = document.getElementById("w-status");
    if (status) {
      status.textContent = text;
      status.hidden = !text;
    }
  }
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    var html = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") === 0;
    if (xhr.status === 401) {
      say("Geen toegang: vul het token van deze server in.");
    } else if ((xhr.status === 400 || xhr.status === 404) && html && xhr.responseText.indexOf("<html") < 0) {
      say("");
      e.detail.shouldSwap = true;  // the list with the server's message about the watch
      e.detail.isError = false;
    } else if (xhr.status >= 400) {
      say("Dat lukte niet (" + xhr.status + ").");
    } else {
      say("");
    }
  });
})();
