// 分享: the phone's share sheet where there is one, else the link is copied.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-share-url]");
    if (!button) return;
    var url = button.dataset.shareUrl;
    if (navigator.share) {
      navigator.share({ title: button.dataset.shareTitle, url: url }).catch(function () {});
      return;
    }
    var done = function () { button.textContent = button.dataset.copied; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
    } else {
      window.prompt("", url);
    }
  });
})();
