// Taking an attempt: every answer is sent as it is given; answers not yet
// acknowledged by the server wait in localStorage (a reload or a lost connection
// keeps them) and are retried. The countdown only displays the server's deadline.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var saveUrl = form.dataset.saveUrl;
  var storeKey = "quiz-attempt:" + form.dataset.attempt;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var offlineBanner = document.getElementById("offline-banner");
  var closedBanner = document.getElementById("closed-banner");
  var status = document.getElementById("save-status");
  var pending = load();
  var inFlight = {};
  var closed = false;
  var retryTimer = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); }
    catch (e) { return {}; }
  }
  function persist() {
    try { localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }

  function responseOf(fieldset) {
    var type = fieldset.dataset.qtype;
    var inputs = fieldset.querySelectorAll("input, select");
    if (type === "single") {
      var checked = fieldset.querySelector("input:checked");
      return checked ? checked.value : null;
    }
    if (type === "multiple") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    if (type === "judge") {
      var judged = fieldset.querySelector("input:checked");
      return judged ? judged.value === "true" : null;
    }
    if (type === "blank") {
      return Array.prototype.map.call(inputs, function (i) { return i.value; });
    }
    if (type === "case") {
      var value = {};
      Array.prototype.forEach.call(inputs, function (s) { value[s.dataset.part] = s.value; });
      return value;
    }
    return null;
  }

  function apply(fieldset, response) {
    var type = fieldset.dataset.qtype;
    var inputs = fieldset.querySelectorAll("input, select");
    Array.prototype.forEach.call(inputs, function (input, index) {
      if (type === "single") input.checked = input.value === response;
      else if (type === "multiple") input.checked = (response || []).indexOf(input.value) >= 0;
      else if (type === "judge") input.checked = response !== null && input.value === String(response);
      else if (type === "blank") input.value = (response || [])[index] || "";
      else if (type === "case") input.value = (response || {})[input.dataset.part] || "";
    });
  }

  function answeredCount() {
    var n = 0;
    form.querySelectorAll("fieldset.question").forEach(function (fs) {
      var r = responseOf(fs);
      if (r === null) return;
      if (Array.isArray(r) && !r.some(function (v) { return String(v).trim(); })) return;
      if (typeof r === "object" && !Array.isArray(r) && !r.violated && !r.penalty) return;
      n += 1;
    });
    document.getElementById("answered-count").textContent = n;
  }

  function setStatus(text) { if (status) status.textContent = text; }

  function send(position) {
    if (closed || inFlight[position] || !(position in pending)) return;
    var body = JSON.stringify({ position: Number(position), response: pending[position] });
    inFlight[position] = body;
    setStatus(form.dataset.msgSaving);
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        delete inFlight[position];
        if (res.ok) {
          // Only forget it if nothing newer was given meanwhile.
          if (JSON.stringify({ position: Number(position), response: pending[position] }) === body) {
            delete pending[position];
            persist();
          }
          offlineBanner.hidden = true;
          setStatus(form.dataset.msgSaved);
          flush();
        } else if (res.status === 409 || res.status === 403) {
          closed = true;
          closedBanner.textContent = data.error || res.statusText;
          closedBanner.hidden = false;
          setStatus("");
        } else if (res.status === 400) {
          delete pending[position];
          persist();
        } else {
          failed();
        }
      });
    }).catch(function () {
      delete inFlight[position];
      failed();
    });
  }

  function failed() {
    offlineBanner.hidden = false;
    setStatus("");
    if (!retryTimer) {
      retryTimer = setTimeout(function () { retryTimer = null; flush(); }, 5000);
    }
  }

  function flush() { Object.keys(pending).forEach(send); }

  function given(fieldset) {
    pending[fieldset.dataset.position] = responseOf(fieldset);
    persist();
    answeredCount();
    send(fieldset.dataset.position);
  }

  var typing = {};
  form.addEventListener("change", function (event) {
    var fs = event.target.closest("fieldset.question");
    if (fs) given(fs);
  });
  form.addEventListener("input", function (event) {
    var fs = event.target.closest("fieldset.question");
    if (!fs || event.target.type !== "text") return;
    clearTimeout(typing[fs.dataset.position]);
    typing[fs.dataset.position] = setTimeout(function () { given(fs); }, 600);
  });
  window.addEventListener("online", flush);

  form.addEventListener("submit", function (event) {
    if (Object.keys(pending).length && !closed) {
      event.preventDefault();
      document.getElementById("submit-hint").textContent = form.dataset.msgUnsaved;
      flush();
      return;
    }
    document.getElementById("submit-button").disabled = true;
    try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
  });

  // Answers given on this device but not acknowledged before a reload win over the
  // page's copy, and are sent again.
  Object.keys(pending).forEach(function (position) {
    var fs = document.getElementById("q" + position);
    if (fs) apply(fs, pending[position]); else delete pending[position];
  });
  answeredCount();
  flush();

  // Countdown: display only. The server keeps the deadline and refuses late saves.
  var timer = document.getElementById("countdown");
  if (timer && form.dataset.deadline) {
    var offset = Date.parse(form.dataset.serverNow) - Date.now();
    var deadline = Date.parse(form.dataset.deadline);
    var submitted = false;
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + offset)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      timer.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
      timer.classList.toggle("quiz-bar__timer--low", left <= 60);
      if (left === 0 && !submitted) {
        submitted = true;
        timer.textContent = form.dataset.msgTimeUp;
        // Send what is pending, then submit: the server grades what it received in time.
        flush();
        setTimeout(function () { form.submit(); }, 1500);
      }
    };
    tick();
    setInterval(tick, 1000);
  }
})();
