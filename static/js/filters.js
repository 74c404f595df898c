// Filters fold behind a "Filters" button on phones (<details>, which works without this script);
// on wide screens, where there is room beside or above the results, they start open.
(function () {
  var wide = window.matchMedia("(min-width: 56rem)");
  if (!wide.matches) return;
  document.querySelectorAll("details[data-open-when-wide]").forEach(function (details) {
    details.open = true;
  });
})();
