// A lesson page tells the server when its end was reached: the video played out, or
// the reader scrolled down to the bottom of the text. The server decides whether the
// lesson may be marked completed (time on the page by its clock, or the end reached).
(function () {
  "use strict";
  var form = document.querySelector(".lesson__complete");
  if (!form) return;
  var wait = form.querySelector(".lesson__wait");
  var sent = false;

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function reached() {
    if (sent) return;
    sent = true;
    fetch(form.dataset.endUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf() },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok && wait) wait.hidden = true;
    }).catch(function () { sent = false; });
  }

  var video = document.querySelector("[data-lesson-video]");
  if (video) video.addEventListener("ended", reached);

  var end = document.querySelector("[data-lesson-end]");
  if (end && "IntersectionObserver" in window) {
    // Text that fits on the screen is not "read to the end" by being opened: only a
    // scroll that brings the end into view counts (the time on the page still does).
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; }) && window.scrollY > 0 && !video) {
        reached();
      }
    }).observe(end);
  }

  var remaining = parseInt(form.dataset.remaining || "0", 10);
  if (wait && remaining > 0) {
    window.setTimeout(function () { wait.hidden = true; }, remaining * 1000);
  }
})();
