// loket: the "Lacak permohonan" box. Without JavaScript the form opens the
// newest year's list of request numbers (each number an anchor); with it,
// the box checks status.json and goes straight to the request's page, or
// says politely that the number is unknown. On a year's list, ?id=… (the
// form sent without JavaScript, or after status.json failed) jumps to it.
(function () {
  "use strict";
  var ID = /^[0-9]{4}-[0-9]{4}$/;
  var asked = new URLSearchParams(location.search).get("id");
  if (asked && ID.test(asked) && !location.hash && document.getElementById(asked)) {
    location.hash = asked;
  }
  var form = document.getElementById("lacak");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=id]");
  var out = document.getElementById("lacak-pesan");
  var home = form.getAttribute("data-home");
  input.addEventListener("input", function () {
    input.removeAttribute("aria-invalid");
    out.textContent = "";
  });
  form.addEventListener("submit", function (e) {
    var id = input.value.trim();
    if (!ID.test(id)) return;
    e.preventDefault();
    var year = id.slice(0, 4);
    fetch(form.getAttribute("data-status-json"), { cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (data) {
        var ids = data.requests.map(function (r) { return r.id; });
        if (ids.indexOf(id) >= 0) {
          location.href = home + "permohonan/" + id + "/";
          return;
        }
        var parts = form.getAttribute("data-not-found").replace("{id}", id).split("{year}");
        out.textContent = parts[0];
        var listed = ids.some(function (x) { return x.slice(0, 4) === year; });
        if (listed) {
          var a = document.createElement("a");
          a.href = home + "permohonan/" + year + "/";
          a.textContent = year;
          out.appendChild(a);
        } else {
          out.appendChild(document.createTextNode(year));
        }
        out.appendChild(document.createTextNode(parts[1] || ""));
        input.setAttribute("aria-invalid", "true");
        input.focus();
      })
      .catch(function () {
        location.href = home + "permohonan/" + year + "/?id=" + id + "#" + id;
      });
  });
})();
