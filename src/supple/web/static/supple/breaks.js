/* The sitting-break timer. Counts down the sitting interval (read from data-interval-seconds),
   then calls for a break with a suggested exercise, a short beep and, when allowed, a
   notification. Each break taken is logged with an id made here, kept until the server has it,
   so a retry or a dropped connection never counts a break twice or loses it.
   Times are measured against the clock (Date.now), not by counting ticks, so a throttled
   background tab still calls the break on time. */
(function () {
  "use strict";
  var PENDING = "supple-breaks-pending";
  var STATE = "supple-breaks-state";

  function $(id) { return document.getElementById(id); }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function minutesWords(seconds) {
    var m = Math.round(seconds / 60);
    return m === 1 ? "1 minute" : m + " minutes";
  }

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  function init() {
    var box = $("timer");
    if (!box) return;
    var form = $("break-form");
    var call = $("break-call");
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var suggestions = JSON.parse($("break-suggestions").textContent);
    var intervalSeconds = parseInt(box.dataset.intervalSeconds, 10);
    var breakSeconds = parseInt(box.dataset.breakSeconds, 10);
    var index = parseInt(box.dataset.firstIndex, 10) || 0;
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var state = "idle";  // idle | sitting | paused | break
    var endAt = 0;
    var left = intervalSeconds;
    var breakEndAt = 0;
    var said = {};
    var timer = null;
    var audio = null;

    box.hidden = false;
    call.hidden = true;
    $("skip").hidden = false;
    if ("Notification" in window && Notification.permission === "default") $("notify").hidden = false;

    function announce(text) {
      // A changed text each time (a no-break space added to a repeat), so that screen readers
      // read a repeated message too; no timer, so nothing waits on a throttled tab.
      var region = $("announce");
      region.textContent = region.textContent === text ? text + "\u00a0" : text;
    }

    function persist() {
      save(STATE, { state: state, endAt: endAt, left: left, interval: intervalSeconds });
    }

    function beep() {
      if (!$("sound").checked || !audio) return;
      try {
        [0, 0.3].forEach(function (offset) {
          var osc = audio.createOscillator();
          var gain = audio.createGain();
          osc.frequency.value = 880;
          gain.gain.setValueAtTime(0.0001, audio.currentTime + offset);
          gain.gain.exponentialRampToValueAtTime(0.25, audio.currentTime + offset + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + offset + 0.2);
          osc.connect(gain).connect(audio.destination);
          osc.start(audio.currentTime + offset);
          osc.stop(audio.currentTime + offset + 0.22);
        });
      } catch (e) { /* no sound: the page still shows the break */ }
    }

    function notify(text) {
      if (!("Notification" in window) || Notification.permission !== "granted") return;
      try { new Notification("Time for a break", { body: text, tag: "supple-break" }); } catch (e) { /* some browsers allow notifications only from a service worker */ }
    }

    function showSuggestion() {
      if (!suggestions.length) return;
      var s = suggestions[index % suggestions.length];
      $("suggestion-name").textContent = s.name;
      $("suggestion-dose").textContent = s.dose;
      var list = $("suggestion-steps");
      list.textContent = "";
      s.steps.forEach(function (step) {
        var li = document.createElement("li");
        li.textContent = step;
        list.appendChild(li);
      });
      $("break-exercise").value = s.id;
    }

    function render() {
      var buttons = { start: state === "idle" || state === "paused", pause: state === "sitting", reset: state !== "idle" };
      $("start").hidden = !buttons.start;
      $("start").textContent = state === "paused" ? "Resume" : "Start sitting timer";
      $("pause").hidden = !buttons.pause;
      $("reset").hidden = !buttons.reset;
      var labels = { idle: "Ready when you sit down", sitting: "Break in", paused: "Paused", "break": "Break time" };
      $("timer-state").textContent = labels[state];
      // During a break its own clock counts: the sitting clock steps aside.
      $("clock").hidden = state === "break";
      $("timer-state").hidden = state === "break";
      $("clock").textContent = clock(state === "sitting" ? (endAt - Date.now()) / 1000 : left);
    }

    function stopTicking() { if (timer) { window.clearInterval(timer); timer = null; } }
    function startTicking() { stopTicking(); timer = window.setInterval(tick, 1000); }

    function tick() {
      var now = Date.now();
      if (state === "sitting") {
        var remaining = (endAt - now) / 1000;
        // Announce sparingly: 5 minutes and 1 minute before the break, then the break.
        [300, 60].forEach(function (mark) {
          if (remaining <= mark && remaining > mark - 5 && intervalSeconds > mark && !said[mark]) {
            said[mark] = true;
            announce(minutesWords(mark) + " until your break.");
          }
        });
        if (remaining <= 0) { callBreak(); return; }
        $("clock").textContent = clock(remaining);
      } else if (state === "break") {
        var rest = (breakEndAt - now) / 1000;
        $("break-clock").textContent = clock(rest);
        if (rest <= 0) { $("break-clock-label").textContent = "Break done: sit down when you are ready"; }
      }
    }

    function startSitting(seconds) {
      state = "sitting";
      left = seconds;
      endAt = Date.now() + seconds * 1000;
      said = {};
      call.hidden = true;
      render();
      persist();
      startTicking();
    }

    function callBreak() {
      state = "break";
      left = 0;
      breakEndAt = Date.now() + breakSeconds * 1000;
      form.elements.client_id.value = newId();
      showSuggestion();
      call.hidden = false;
      $("break-clock").hidden = false;
      $("break-clock-label").hidden = false;
      $("break-clock-label").textContent = "Break time left";
      $("break-clock").textContent = clock(breakSeconds);
      if (!still) { call.classList.remove("pulse"); void call.offsetWidth; call.classList.add("pulse"); }
      render();
      persist();
      var s = suggestions.length ? suggestions[index % suggestions.length].name : "";
      announce("Time for a break." + (s ? " Try: " + s + "." : ""));
      beep();
      notify(s ? "Stand up and try: " + s : "Stand up and move for a minute or two.");
      startTicking();
      call.focus();
    }

    function send(item) {
      var body = new URLSearchParams({ client_id: item.client_id, exercise: item.exercise || "" });
      return fetch(box.dataset.logUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token, "Accept": "application/json" },
        body: body,
        credentials: "same-origin"
      }).then(function (response) {
        if (response.status >= 500) throw new Error("server");
        return response.json().then(function (data) {
          // Answered (even a 400): the server has decided; drop it from the queue.
          var queue = load(PENDING, []).filter(function (p) { return p.client_id !== item.client_id; });
          save(PENDING, queue);
          if (typeof data.today === "number") $("count").textContent = String(data.today);
          return data;
        });
      });
    }

    function flush() {
      load(PENDING, []).forEach(function (item) { send(item).catch(function () { /* next time */ }); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var item = { client_id: form.elements.client_id.value, exercise: form.elements.exercise.value };
      var queue = load(PENDING, []);
      queue.push(item);
      save(PENDING, queue);
      // Shown at once; the server's count replaces it when it answers.
      $("count").textContent = String(parseInt($("count").textContent, 10) + 1);
      send(item).then(function () {
        announce("Break logged. Breaks today: " + $("count").textContent + ".");
      }).catch(function () {
        announce("Break saved on this device; it will be sent when the connection is back.");
      });
      index += 1;
      startSitting(intervalSeconds);
    });

    $("skip").addEventListener("click", function () {
      index += 1;
      startSitting(intervalSeconds);
      announce("Break skipped. Timer started again.");
    });

    $("start").addEventListener("click", function () {
      // The click unlocks sound in browsers that only allow it after a user action.
      if (!audio && (window.AudioContext || window.webkitAudioContext)) {
        try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { audio = null; }
      }
      if (audio && audio.state === "suspended") audio.resume();
      var resuming = state === "paused";
      startSitting(resuming ? left : intervalSeconds);
      announce(resuming ? "Timer resumed." : "Timer started: break in " + minutesWords(intervalSeconds) + ".");
    });

    $("pause").addEventListener("click", function () {
      left = Math.max(1, Math.ceil((endAt - Date.now()) / 1000));
      state = "paused";
      stopTicking();
      render();
      persist();
      announce("Timer paused.");
    });

    $("reset").addEventListener("click", function () {
      state = "idle";
      left = intervalSeconds;
      stopTicking();
      call.hidden = true;
      render();
      persist();
      announce("Timer reset.");
    });

    $("notify").addEventListener("click", function () {
      // Asked only on this click, never on page load.
      Notification.requestPermission().then(function (answer) {
        $("notify").hidden = true;
        announce(answer === "granted" ? "Notifications are on." : "Notifications stay off.");
      });
    });

    $("interval").addEventListener("change", function () {
      var minutes = parseInt(this.value, 10);
      intervalSeconds = minutes * 60;
      if (state === "idle") { left = intervalSeconds; render(); }
      fetch(box.dataset.intervalUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token, "Accept": "application/json" },
        body: new URLSearchParams({ minutes: String(minutes) }),
        credentials: "same-origin"
      }).catch(function () { /* kept for this page anyway */ });
    });

    window.addEventListener("online", flush);

    // Resume a timer left running in this browser (a reload, a closed tab).
    var saved = load(STATE, null);
    if (saved && saved.interval === intervalSeconds && saved.state === "sitting") {
      state = "sitting";
      endAt = saved.endAt;
      if (endAt <= Date.now()) callBreak(); else startTicking();
    } else if (saved && saved.interval === intervalSeconds && saved.state === "paused") {
      state = "paused";
      left = saved.left;
    }
    render();
    flush();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
