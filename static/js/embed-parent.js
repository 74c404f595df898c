// For a partner website that frames a list or an event of the portal: fits each such frame to
// the height its content reports (static/js/embed-resize.js). Include it once per page:
//   <script src="https://…/static/js/embed-parent.js" async></script>
// Only frames whose own window sent the message are resized, and only within sensible bounds.
(function () {
  if (window.sticisceEmbeds) return;
  window.sticisceEmbeds = true;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "sticisce-embed" || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(80, Math.min(data.height, 5000)) + "px";
      }
    }
  });
})();
