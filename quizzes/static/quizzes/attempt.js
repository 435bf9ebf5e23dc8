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
  var csrfRetries = 0;  // a token that stays refused is not stale: stop retrying
  // Server time minus this device's clock: the countdown and the warnings follow the
  // server's deadline whatever the phone's clock says (re-measured on every save).
  var serverOffset = Date.parse(form.dataset.serverNow) - Date.now();
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

  function isAnswered(fieldset) {
    var r = responseOf(fieldset);
    if (r === null) return false;
    if (Array.isArray(r)) return r.some(function (v) { return String(v).trim(); });
    if (typeof r === "object") return Boolean(r.violated || r.penalty);
    return true;
  }

  // The answer card: answered / not answered / flagged, tap a number to go there.
  var card = document.getElementById("answer-card");
  var submitDialog = document.getElementById("submit-dialog");
  var flagKey = storeKey + ":flags";
  var flags = (function () {
    try { return JSON.parse(localStorage.getItem(flagKey) || "{}"); } catch (e) { return {}; }
  })();

  function cell(position) { return card && card.querySelector('[data-jump="' + position + '"]'); }

  function answeredCount() {
    var n = 0;
    form.querySelectorAll("fieldset.question").forEach(function (fs) {
      var answered = isAnswered(fs);
      if (answered) n += 1;
      var c = cell(fs.dataset.position);
      if (c) c.classList.toggle("cell--answered", answered);
    });
    document.getElementById("answered-count").textContent = n;
    return n;
  }

  function showFlag(position) {
    var on = Boolean(flags[position]);
    var button = form.querySelector('[data-flag="' + position + '"]');
    if (button) button.setAttribute("aria-pressed", String(on));
    var fs = document.getElementById("q" + position);
    if (fs) fs.classList.toggle("question--flagged", on);
    var c = cell(position);
    if (c) c.classList.toggle("cell--flagged", on);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-flag]");
    if (!button) return;
    var position = button.dataset.flag;
    if (flags[position]) delete flags[position]; else flags[position] = true;
    try { localStorage.setItem(flagKey, JSON.stringify(flags)); } catch (e) { /* private mode */ }
    showFlag(position);
  });

  function openDialog(dialog) {
    if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
  }
  function closeDialog(dialog) {
    if (dialog.close) dialog.close(); else dialog.removeAttribute("open");
  }
  document.querySelectorAll("dialog [data-close]").forEach(function (button) {
    button.addEventListener("click", function () { closeDialog(button.closest("dialog")); });
  });
  var cardButton = document.getElementById("card-button");
  if (cardButton && card) {
    cardButton.addEventListener("click", function () { answeredCount(); openDialog(card); });
    card.addEventListener("click", function (event) {
      var target = event.target.closest("[data-jump]");
      if (target) {
        closeDialog(card);
        var fs = document.getElementById("q" + target.dataset.jump);
        fs.scrollIntoView({ block: "start" });
        var first = fs.querySelector("input, select");
        if (first) first.focus({ preventScroll: true });
      } else if (event.target.closest("[data-open-submit]")) {
        closeDialog(card);
        form.requestSubmit ? form.requestSubmit() : askToSubmit();
      }
    });
  }

  // Before 交卷: how many are not answered and how many are flagged.
  function askToSubmit() {
    if (!submitDialog) { submitPaper(); return; }
    var total = form.querySelectorAll("fieldset.question").length;
    var unanswered = total - answeredCount();
    var flagged = Object.keys(flags).length;
    var text = (unanswered ? form.dataset.msgConfirmSome : form.dataset.msgConfirmAll)
      .replace("{unanswered}", unanswered).replace("{total}", total);
    if (flagged) text += form.dataset.msgConfirmFlagged.replace("{flagged}", flagged);
    document.getElementById("submit-summary").textContent = text;
    openDialog(submitDialog);
  }
  if (submitDialog) {
    document.getElementById("confirm-submit").addEventListener("click", function () {
      closeDialog(submitDialog);
      submitPaper();
    });
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
          csrfRetries = 0;
          if (data.saved_at) serverOffset = Date.parse(data.saved_at) - Date.now();
          setStatus(Object.keys(pending).length ? form.dataset.msgSaving : form.dataset.msgSaved);
          savedChanged();
          flush();
        } else if (res.status === 401) {
          needLogin();
        } else if (res.status === 403 && data.code === "csrf" && csrfRetries < 3) {
          csrfRetries += 1;
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
          // A new history entry: back returns to the paper's address, which the
          // server now answers with the result.
          window.location.assign(data.result_url);
          return;
        }
        button.disabled = false;
        if (res.status === 401) needLogin();
        else if (res.status === 403 && data.code === "csrf" && csrfRetries < 3) {
          csrfRetries += 1;
          refreshToken().then(submitPaper, failed);
        }
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
    if (closed) submitPaper(); else askToSubmit();
  });

  // Back to a paper kept in the browser's page cache: ask the server again (a
  // submitted paper then shows its result, never the open paper).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  // Answers given on this device but not acknowledged before a reload win over the
  // page's copy, and are sent again.
  Object.keys(pending).forEach(function (position) {
    var fs = document.getElementById("q" + position);
    if (fs) apply(fs, pending[position]); else delete pending[position];
  });
  Object.keys(flags).forEach(showFlag);
  answeredCount();
  flush();

  // Countdown: display only. The server keeps the deadline and refuses late saves.
  var timer = document.getElementById("countdown");
  var warning = document.getElementById("time-warning");
  if (timer && form.dataset.deadline) {
    var deadline = Date.parse(form.dataset.deadline);
    var submitted = false;
    var warned = 0;  // 5, then 1: each warning is shown once
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + serverOffset)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      timer.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
      timer.classList.toggle("quiz-bar__timer--low", left <= 300);
      var level = left <= 60 ? 1 : left <= 300 ? 5 : 0;
      if (level && level !== warned && left > 0 && warning) {
        warned = level;
        warning.textContent = level === 1 ? form.dataset.msgWarnOne : form.dataset.msgWarnFive;
        warning.hidden = false;
      }
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
