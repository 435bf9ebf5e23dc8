// Taking an attempt: every answer is sent as it is given; answers not yet
// acknowledged by the server wait in localStorage (a reload or a lost connection
// keeps them) and are retried. The countdown only displays the server's deadline.
//
// The server answers in JSON with a code: 401 session_expired (log in again in the
// dialog, without leaving the paper), 403 csrf (fetch a fresh token and retry),
// 409 closed / deadline (stop), 400 (this answer is refused; the rest go on).
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var saveUrl = form.dataset.saveUrl;
  var sessionUrl = form.dataset.sessionUrl;
  var storeKey = "quiz-attempt:" + form.dataset.attempt;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var loginDialog = document.getElementById("relogin-dialog");
  var waitingForLogin = false;
  var refreshingToken = null;
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

  // Nothing left to send: the "not saved yet" hint goes.
  function savedChanged() {
    if (!Object.keys(pending).length) document.getElementById("submit-hint").textContent = "";
  }

  function post(url, body, accept) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": accept || "application/json", "X-CSRFToken": csrf },
      body: body
    });
  }

  // A fresh token from the server (after a login elsewhere the page's one is stale).
  function refreshToken() {
    if (!refreshingToken) {
      refreshingToken = fetch(sessionUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (res) { return res.json(); })
        .then(function (data) { csrf = data.csrf; return data; })
        .finally(function () { refreshingToken = null; });
    }
    return refreshingToken;
  }

  // The session is gone: ask for the password in a dialog over the paper; every
  // answer stays queued meanwhile and is sent once logged in.
  function needLogin() {
    setStatus("");
    if (waitingForLogin) return;
    waitingForLogin = true;
    if (!loginDialog || form.dataset.anonymous) {
      showClosed(form.dataset.msgSessionExpired);
      return;
    }
    loginDialog.querySelector(".relogin__error").textContent = "";
    if (loginDialog.showModal) loginDialog.showModal(); else loginDialog.setAttribute("open", "");
    var user = loginDialog.querySelector("input[name=username]");
    (user.value ? loginDialog.querySelector("input[name=password]") : user).focus();
  }

  function loggedIn() {
    waitingForLogin = false;
    if (loginDialog.close) loginDialog.close(); else loginDialog.removeAttribute("open");
    flush();
    if (submitWanted) submitPaper();
  }

  if (loginDialog) {
    loginDialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var error = loginDialog.querySelector(".relogin__error");
      var fields = new FormData(event.target);
      error.textContent = form.dataset.msgLoggingIn;
      refreshToken().then(function () {
        fields.set("csrfmiddlewaretoken", csrf);
        return fetch(loginDialog.dataset.loginUrl, {
          method: "POST", credentials: "same-origin", body: fields, redirect: "manual"
        });
      }).then(function () { return refreshToken(); }).then(function (state) {
        if (state.authenticated) { error.textContent = ""; loggedIn(); }
        else error.textContent = form.dataset.msgLoginFailed;
      }).catch(function () { error.textContent = form.dataset.msgOffline; });
    });
  }

  function showClosed(text) {
    closed = true;
    closedBanner.textContent = text;
    closedBanner.hidden = false;
    setStatus("");
  }

  function send(position) {
    if (closed || waitingForLogin || inFlight[position] || !(position in pending)) return;
    var body = JSON.stringify({ position: Number(position), response: pending[position] });
    inFlight[position] = body;
    setStatus(form.dataset.msgSaving);
    post(saveUrl, body).then(function (res) {
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
          savedChanged();
          flush();
        } else if (res.status === 401) {
          needLogin();
        } else if (res.status === 403 && data.code === "csrf") {
          refreshToken().then(function () { send(position); }, failed);
        } else if (res.status === 409 || res.status === 404 || res.status === 403) {
          showClosed(data.error || res.statusText);
        } else if (res.status === 400) {
          delete pending[position];
          persist();
          setStatus(data.error || "");
          savedChanged();
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

  // Submitting goes through fetch too, so that an expired session or a stale token
  // is handled here; the result replaces the paper in the history (back never shows
  // it as open again).
  var submitWanted = false;
  function submitPaper() {
    submitWanted = true;
    var button = document.getElementById("submit-button");
    button.disabled = true;
    post(form.action, "{}").then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.ok && data.result_url) {
          try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
          window.location.replace(data.result_url);
          return;
        }
        button.disabled = false;
        if (res.status === 401) needLogin();
        else if (res.status === 403 && data.code === "csrf") refreshToken().then(submitPaper, failed);
        else { submitWanted = false; showClosed(data.error || res.statusText); }
      });
    }).catch(function () { button.disabled = false; submitWanted = false; failed(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (Object.keys(pending).length && !closed) {
      document.getElementById("submit-hint").textContent = form.dataset.msgUnsaved;
      flush();
      return;
    }
    submitPaper();
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
        setTimeout(submitPaper, 1500);
      }
    };
    tick();
    setInterval(tick, 1000);
  }
})();
