// A deadline is written in the funder's time zone; a reader elsewhere also sees it in their own.
(function () {
  document.querySelectorAll("time[data-local-label]").forEach(function (time) {
    var moment = new Date(time.getAttribute("datetime"));
    var lang = document.documentElement.lang || undefined;
    var here = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short" }).format(moment);
    var there = new Intl.DateTimeFormat(lang, {
      dateStyle: "full", timeStyle: "short", timeZone: time.dataset.zone || undefined,
    }).format(moment);
    if (here === there) return;
    var note = document.createElement("span");
    note.className = "muted";
    note.textContent = " · " + here + " (" + time.dataset.localLabel + ")";
    // After the zone the deadline is named in, so that name is not read as the reader's.
    var zone = time.nextElementSibling;
    (zone && zone.classList.contains("time-zone") ? zone : time).after(note);
  });
})();
