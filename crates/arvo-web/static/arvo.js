// Small conveniences on top of pages that work without this script: the search box on the
// account list updates the results while typing, and "/" jumps to the search box anywhere.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "/" && !typing) {
      var box = document.getElementById("q") || document.getElementById("global-q");
      if (box) {
        event.preventDefault();
        box.focus();
      }
    }
  });

  var form = document.getElementById("account-search") || document.getElementById("contact-search");
  var results = document.getElementById("results");
  var box = form && form.querySelector("input[name=q]");
  if (!form || !results || !box || !window.fetch) {
    return;
  }
  var timer = null;
  var latest = 0;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var params = new URLSearchParams(new FormData(form));
      var url = form.getAttribute("action") + "?" + params.toString();
      var ticket = ++latest;
      fetch(url, { headers: { "Accept": "text/html" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          if (ticket !== latest) {
            return;
          }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("results");
          if (fresh) {
            results.innerHTML = fresh.innerHTML;
            history.replaceState(null, "", url);
          }
        })
        .catch(function () { /* The plain form still works. */ });
    }, 250);
  });
})();
