// Runs inside an embedded list or event (hub/embeds.py) and tells the page that frames it how
// tall the content is, so the frame can fit it without a scroll bar. Two ways of saying it:
//  - WordPress's (wp-embed.js): {message: "height", value, secret}, the secret taken from the
//    "#?secret=…" WordPress puts in the frame's address; WordPress frames untrusted sites in a
//    sandbox, so links are handed to it with {message: "link"} for it to open;
//  - everyone else's: {type: "sticisce-embed", height}, which static/js/embed-parent.js reads.
// Without JavaScript the frame keeps the height in the code and scrolls.
(function () {
  if (window.parent === window) return;
  var match = /[#&?]secret=([A-Za-z0-9]+)/.exec(window.location.hash);
  var secret = match ? match[1] : null;
  var last = 0;

  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "sticisce-embed", height: height }, "*");
    if (secret) window.parent.postMessage({ message: "height", value: height, secret: secret }, "*");
  }

  if (secret) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented) return;
      event.preventDefault();
      window.parent.postMessage({ message: "link", value: link.href, secret: secret }, "*");
    });
  }
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
})();
