/* Live class phone page: guest sign-up, the audience socket, check-ins and polls.
 *
 * Heartbeats pause while the page is hidden (Page Visibility API), so the server
 * stops counting a viewer who switched away. A guest's token goes in the socket's
 * first message, never in the URL. On a lost network or a restarting server (close
 * code 4503) the socket reconnects with jittered exponential back-off (at most 30 s)
 * as the same viewer, continuing the same visit; the status line says so. Counts
 * shown are only what the server sends. */
(function () {
  "use strict";
  var root = document.getElementById("live-class");
  if (!root) return;

  var classId = root.dataset.classId;
  var tokenKey = "live-token-" + classId;
  var heartbeatMs = (parseInt(root.dataset.heartbeat, 10) || 15) * 1000;
  // A logged-in worker joins by the session cookie; a guest by the token the
  // sign-up returned (kept in localStorage).
  var sessionJoin = Boolean(root.dataset.sessionJoin);
  var token = sessionJoin ? "" : localStorage.getItem(tokenKey) || "";
  var ws = null;
  var timer = null;
  var attempts = 0;
  var reconnectTimer = null;

  function $(role) { return root.querySelector('[data-role="' + role + '"]'); }

  /* --- player: native HLS where the browser has it (Safari, most phones), else hls.js */
  root.querySelectorAll("video[data-hls]").forEach(function (video) {
    var src = video.dataset.hls;
    if (!src) return;
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
    } else if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls();
      hls.loadSource(src);
      hls.attachMedia(video);
      // The state panel (live_state.js) shows failures and retries through these.
      video.hls = hls;
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        video.dispatchEvent(new CustomEvent("live:stream-error", {detail: data}));
      });
    } else {
      video.src = src;
    }
  });

  /* --- sign-up ------------------------------------------------------------- */
  var form = $("join");
  var OFFLINE = "网络未连接，请检查网络后重试。网络恢复后将自动加入。";
  // Tapped 加入 with no network: sent again by itself once the phone is back online.
  var joinWaiting = false;
  function showForm() { form.hidden = false; }
  function joinOffline() {
    joinWaiting = true;
    form.querySelector('[data-error="__all__"]').textContent = OFFLINE;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    form.querySelectorAll("[data-error]").forEach(function (p) { p.textContent = ""; });
    joinWaiting = false;
    if (navigator.onLine === false) { joinOffline(); return; }
    var data = new FormData(form);
    var body = {
      name: data.get("name") || "", enterprise: data.get("enterprise") || "",
      role: data.get("role") || "", phone: data.get("phone") || ""
    };
    // The server keeps who this phone is in an HttpOnly cookie of the sign-up API.
    fetch(root.dataset.signupUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) { return [response.status, json]; });
    }).then(function (result) {
      if (result[0] === 201) {
        token = result[1].token;
        localStorage.setItem(tokenKey, token);
        form.hidden = true;
        connect();
        return;
      }
      var errors = result[1].errors || {};
      Object.keys(errors).forEach(function (field) {
        var p = form.querySelector('[data-error="' + field + '"]') ||
          form.querySelector('[data-error="__all__"]');
        p.textContent = errors[field].join(" ");
      });
    }, function () {
      // No answer at all (fetch rejects only when the request never got through).
      joinOffline();
    });
  });

  /* --- socket ---------------------------------------------------------------- */
  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }
  function startHeartbeat() {
    stopHeartbeat();
    if (document.visibilityState === "hidden") return;
    timer = setInterval(function () { send({type: "heartbeat"}); }, heartbeatMs);
  }
  function stopHeartbeat() { if (timer) { clearInterval(timer); timer = null; } }

  // Close codes of the audience socket (livestreams/consumers.py, hub.py).
  var UNAUTHORISED = 4401, CLASS_ENDED = 4410, RESTARTING = 4503;
  var RECONNECTING = "连接已断开，正在重连…";
  // The visit this page is on: given back on reconnect so that the server
  // continues it (one visit, the time away not counted).
  var visit = "";
  var ended = false;

  /* The connection line. While the socket is lost the figures are the last ones
   * received: they are greyed and the line says so in full, across the panel. */
  function setConnection(text, lost) {
    var line = $("connection");
    line.textContent = text;
    line.classList.toggle("live__conn--lost", Boolean(lost));
    $("audience").classList.toggle("live__audience--stale", Boolean(lost));
  }

  /* Full jitter: a random wait up to an exponentially growing ceiling (capped at
   * 30 s), so that 2,000 phones dropped at once by a restarting worker come back
   * spread out instead of in step. */
  function backoff() {
    var ceiling = Math.min(30000, 1000 * Math.pow(2, attempts));
    attempts += 1;
    return 500 + Math.random() * ceiling;
  }

  function scheduleReconnect() {
    if (reconnectTimer || ended) return;
    setConnection(RECONNECTING, true);
    reconnectTimer = setTimeout(function () { reconnectTimer = null; connect(); }, backoff());
  }

  function connect() {
    if (reconnectTimer) { clearTimeout(reconnectTimer); reconnectTimer = null; }
    if (ws || ended) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    // No token in the URL (URLs end up in logs): it goes in the first message.
    var url = scheme + location.host + root.dataset.wsPath;
    if (visit) url += "?visit=" + encodeURIComponent(visit);
    var socket = ws = new WebSocket(url);
    socket.onopen = function () {
      if (token && !sessionJoin) send({type: "auth", token: token});
      setConnection("");
      startHeartbeat();
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "audience" && message.visit) {
        visit = message.visit;
        attempts = 0;  // joined: the next loss starts from a short wait again
      }
      handle(message);
    };
    socket.onclose = function (event) {
      if (ws !== socket) return;
      stopHeartbeat();
      ws = null;
      if (event.code === UNAUTHORISED) {
        localStorage.removeItem(tokenKey);
        token = "";
        sessionJoin = false;
        setConnection("");
        showForm();
        return;
      }
      if (event.code === CLASS_ENDED) {
        ended = true;
        setConnection(event.reason || "本场直播已结束");
        return;
      }
      // RESTARTING (a worker is stopping) or a lost network: come back, same
      // viewer (token or session), same visit.
      scheduleReconnect();
    };
  }

  window.addEventListener("online", function () {
    // The network is back: a join tapped offline goes now; a lost socket is tried
    // now rather than at the end of a long wait.
    if (joinWaiting && !form.hidden) { form.requestSubmit(); return; }
    if (!ws && (token || sessionJoin) && !ended) { attempts = 0; connect(); }
  });

  window.addEventListener("offline", function () {
    // A phone that loses its network may keep a dead socket open for minutes:
    // close it now, so that the page says so and reconnects when the network is back.
    if (!ws) return;
    var socket = ws;
    ws = null;
    socket.onclose = null;
    socket.close();
    stopHeartbeat();
    scheduleReconnect();
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      stopHeartbeat();
    } else if (ws) {
      send({type: "heartbeat"});
      startHeartbeat();
    } else if ((token || sessionJoin) && !reconnectTimer) {
      connect();
    }
  });

  /* --- server messages ------------------------------------------------------- */
  function handle(message) {
    handleMessage(message);
    // The state panel, check-in/poll memory and frozen counts (live_state.js).
    root.dispatchEvent(new CustomEvent("live:message", {detail: message}));
  }

  function handleMessage(message) {
    // After the end the figures are final: later counts do not overwrite them.
    if (message.type === "audience" && root.dataset.state === "ended") return;
    if (message.type === "audience") {
      $("current").textContent = message.current;
      $("peak").textContent = message.peak;
      $("unique").textContent = message.unique;
    } else if (message.type === "class_state") {
      var status = $("status");
      status.textContent = message.label;
      status.className = "live__status live__status--" + message.status;
      if (message.status === "ended" && message.replay_url) location.reload();
    } else if (message.type === "checkin_open") {
      var box = $("checkin");
      box.hidden = false;
      $("checkin-done").hidden = true;
      var button = $("checkin-button");
      button.hidden = false;
      button.onclick = function () { send({type: "checkin", id: message.id}); };
    } else if (message.type === "checkin_ok") {
      $("checkin-button").hidden = true;
      $("checkin-done").hidden = false;
    } else if (message.type === "poll_open") {
      showPoll(message);
    } else if (message.type === "poll_ok") {
      $("poll-choices").hidden = true;
      $("poll-done").hidden = false;
    } else if (message.type === "poll_result") {
      showResult(message);
    } else if (message.type === "error") {
      $("message").textContent = message.error;
    }
  }

  function showPoll(message) {
    $("poll").hidden = false;
    $("poll-question").textContent = message.question;
    $("poll-done").hidden = true;
    $("poll-result").hidden = true;
    var choices = $("poll-choices");
    choices.hidden = false;
    choices.textContent = "";
    message.choices.forEach(function (label, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button live__choice";
      button.textContent = label;
      button.onclick = function () { send({type: "poll_answer", id: message.id, choice: index}); };
      choices.appendChild(button);
    });
  }

  function showResult(message) {
    $("poll").hidden = false;
    $("poll-question").textContent = message.question;
    $("poll-choices").hidden = true;
    var list = $("poll-result");
    list.hidden = false;
    list.textContent = "";
    message.choices.forEach(function (label, index) {
      var li = document.createElement("li");
      li.textContent = label + "：" + message.counts[index];
      list.appendChild(li);
    });
  }

  // An ended class has no audience to join: its page shows the replay and the
  // final figures.
  if (root.dataset.state === "ended") return;
  if (token || sessionJoin) connect(); else showForm();
})();
