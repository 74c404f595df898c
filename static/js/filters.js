// Filters fold behind a "Filters" button on phones (<details>, which works without this script);
// on wide screens, where there is room beside or above the results, they start open. The
// stylesheet already lays them out open there from the first paint; this tells assistive
// technology (and browsers without ::details-content) that they are.
(function () {
  var wide = window.matchMedia("(min-width: 56rem)");
  if (!wide.matches) return;
  document.querySelectorAll("details[data-open-when-wide]").forEach(function (details) {
    details.open = true;
  });
})();
