// Check-in: filter the list as you type, and record a tap without reloading the page.
// Without JavaScript the search form and each row's form work on their own.
(function () {
  "use strict";
  var search = document.querySelector("[data-check-in-search]");
  var list = document.querySelector("[data-check-in-list]");
  if (!list) return;
  var rows = Array.prototype.slice.call(list.querySelectorAll("li"));
  var empty = document.querySelector("[data-check-in-empty]");
  var present = document.querySelector("[data-present]");

  function filter() {
    var words = search.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (empty) empty.hidden = shown !== 0;
  }

  if (search) {
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-check-in-form]")) return;
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var row = form.closest("li");
        var state = form.querySelector(".check-in-state");
        row.classList.toggle("is-present", data.attended);
        button.setAttribute("aria-pressed", data.attended ? "true" : "false");
        form.querySelector("[name=attended]").value = data.attended ? "0" : "1";
        state.textContent = state.getAttribute(data.attended ? "data-label-present" : "data-label-absent");
        if (present) present.textContent = data.present;
      })
      .catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; });
  });
})();
