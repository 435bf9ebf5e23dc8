/* Live class page: what the viewer is told, kept apart from the socket code in
 * livestreams.js (which reports to it through "live:message" and
 * "live:stream-error" events).
 *
 * - the state panel: 未开始 / 直播中 / 加载失败 (with 重试) / 主播暂时离开 / 已结束;
 * - counts frozen and labelled when the class ends; check-in and poll closed;
 * - check-ins and polls this viewer already answered, asked of the server, so a
 *   reload never offers them again;
 * - the guest's name, enterprise and post remembered on this device, and the
 *   enterprise suggested from the register as they type. */
(function () {
  "use strict";
  var root = document.getElementById("live-class");
  if (!root) return;
  var panel = root.querySelector('[data-role="state-panel"]');
  var AWAY_AFTER_MS = 8000;
  var answered = {checkins: {}, polls: {}};

  function $(role) { return root.querySelector('[data-role="' + role + '"]'); }

  /* --- the state panel --------------------------------------------------------- */
  function renderState(state, title, detail) {
    panel.className = "live__state live__state--" + state;
    panel.dataset.shown = state;
    $("state-title").textContent = title;
    $("state-detail").textContent = detail || "";
    $("state-retry").hidden = state !== "failing";
  }

  function showEnded(replayUrl) {
    root.dataset.state = "ended";
    if (replayUrl) return;  // livestreams.js reloads the page to show the replay
    renderState("ended", panel.dataset.textEnded, panel.dataset.textEndedDetail);
    freezeCounts();
    closeActions();
    stopPlayer();
  }

  function stopPlayer() {
    var player = root.querySelector(".live__player");
    player.querySelectorAll("video").forEach(function (video) {
      if (video.hls) video.hls.destroy();
      video.pause();
    });
    var note = document.createElement("p");
    note.className = "live__placeholder";
    note.textContent = panel.dataset.textEndedDetail;
    player.replaceChildren(note);
  }

  function freezeCounts() {
    $("counts-label").hidden = false;
    $("current").textContent = "–";
  }

  function closeActions() {
    $("checkin").hidden = true;
    $("poll").hidden = true;
    $("join").hidden = true;
  }

  /* --- the player: failing, host away, playing again ---------------------------- */
  function watchPlayer(video) {
    var awayTimer = null;
    var played = false;
    function live() { return root.dataset.state === "live"; }
    function failing() {
      if (!live()) return;
      renderState("failing", panel.dataset.textFailing, panel.dataset.textFailingDetail);
    }
    video.addEventListener("playing", function () {
      played = true;
      if (awayTimer) { clearTimeout(awayTimer); awayTimer = null; }
      if (live()) renderState("live", panel.dataset.textLive, "");
    });
    ["waiting", "stalled"].forEach(function (name) {
      video.addEventListener(name, function () {
        if (!played || awayTimer) return;
        awayTimer = setTimeout(function () {
          awayTimer = null;
          if (live()) renderState("away", panel.dataset.textAway, panel.dataset.textAwayDetail);
        }, AWAY_AFTER_MS);
      });
    });
    video.addEventListener("error", failing);
    video.addEventListener("live:stream-error", function (event) {
      if (event.detail && event.detail.fatal) failing();
    });
    $("state-retry").addEventListener("click", function () {
      renderState("live", panel.dataset.textLive, "");
      if (video.hls) {
        video.hls.loadSource(video.dataset.hls);
        video.hls.startLoad();
      } else {
        video.load();
      }
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () {});
    });
  }
  root.querySelectorAll("video[data-hls]").forEach(watchPlayer);

  /* --- what this viewer already answered ------------------------------------------ */
  function markCheckedIn() {
    $("checkin-button").hidden = true;
    $("checkin-done").hidden = false;
  }
  function markPolled() {
    $("poll-choices").hidden = true;
    $("poll-done").hidden = false;
  }

  /* A check-in or poll the socket opens before the server said what this viewer
   * already answered waits, hidden, for that answer: a reload never flashes a
   * second 签到 that would be refused. */
  var stateKnown = false;
  var waiting = {checkin: null, poll: null};
  function holdUntilKnown(kind, id) {
    if (stateKnown) return;
    waiting[kind] = id;
    $(kind).hidden = true;
  }
  function release() {
    stateKnown = true;
    if (waiting.checkin !== null) {
      $("checkin").hidden = false;
      if (answered.checkins[waiting.checkin]) markCheckedIn();
    }
    if (waiting.poll !== null) {
      $("poll").hidden = false;
      if (answered.polls[waiting.poll]) markPolled();
    }
    waiting = {checkin: null, poll: null};
  }

  function loadViewerState() {
    var url = root.dataset.stateUrl;
    var token = localStorage.getItem("live-token-" + root.dataset.classId);
    if (token) url += "?token=" + encodeURIComponent(token);
    return fetch(url, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        state.checkins_answered.forEach(function (id) { answered.checkins[id] = true; });
        Object.keys(state.polls_answered).forEach(function (id) { answered.polls[id] = true; });
        if (answered.checkins[state.open_checkin]) markCheckedIn();
        if (answered.polls[state.open_poll]) markPolled();
      })
      .catch(function () {})
      .then(function () {
        if (root.dataset.state !== "ended") release();
      });
  }

  root.addEventListener("live:message", function (event) {
    var message = event.detail;
    if (message.type === "class_state") {
      root.dataset.state = message.status;
      if (message.status === "ended") showEnded(message.replay_url);
      else if (message.status === "live" && panel.dataset.shown === "scheduled") {
        renderState("live", panel.dataset.textLive, "");
      }
    } else if (message.type === "checkin_open") {
      if (answered.checkins[message.id]) markCheckedIn();
      else holdUntilKnown("checkin", message.id);
    } else if (message.type === "checkin_ok") {
      answered.checkins[message.id] = true;
    } else if (message.type === "poll_open") {
      if (answered.polls[message.id]) markPolled();
      else holdUntilKnown("poll", message.id);
    } else if (message.type === "poll_ok") {
      answered.polls[message.id] = true;
    }
  });
  // A tap sends once: a second tap before the server answers would be refused.
  var checkinButton = $("checkin-button");
  checkinButton.addEventListener("click", function () {
    checkinButton.disabled = true;
    setTimeout(function () { checkinButton.disabled = false; }, 3000);
  });
  if (root.dataset.state !== "ended") loadViewerState();

  /* --- the guest's details on this device, the enterprise from the register ------ */
  var GUEST_KEY = "live-guest";
  var form = $("join");
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(GUEST_KEY) || "{}") || {}; } catch (e) { saved = {}; }
  if (saved.name && !form.elements.name.value) form.elements.name.value = saved.name;
  if (saved.enterprise && !form.elements.enterprise.value) form.elements.enterprise.value = saved.enterprise;
  if (saved.role) {
    var radio = form.querySelector('input[name="role"][value="' + saved.role + '"]');
    if (radio) radio.checked = true;
  }
  form.addEventListener("submit", function () {
    var data = new FormData(form);
    localStorage.setItem(GUEST_KEY, JSON.stringify({
      name: (data.get("name") || "").trim(),
      enterprise: (data.get("enterprise") || "").trim(),
      role: data.get("role") || ""
    }));
  });

  var enterprise = form.elements.enterprise;
  var list = document.getElementById("live-enterprises");
  var suggestTimer = null;
  var lastQuery = "";
  enterprise.addEventListener("input", function () {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(function () {
      var query = enterprise.value.trim();
      if (query.length < 2 || query === lastQuery) return;
      lastQuery = query;
      fetch(root.dataset.enterprisesUrl + "?q=" + encodeURIComponent(query), {credentials: "omit"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (name) {
            var option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
