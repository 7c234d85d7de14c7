/* Supple's session player: one exercise at a time, hands-free.
 *
 * Stages: pre (pain now) -> for each exercise: ready (get-ready countdown) -> work (holds,
 * repetitions at a cadence, switch sides, rests) -> during (worst pain) -> spread (yes/no)
 * -> ... -> post (pain now) -> done. A pain of 8 or more or a spread stops the session.
 *
 * Nothing lost: every write carries an id made here and goes through an outbox kept in
 * localStorage, sent in order, kept on failure and sent again when the connection returns.
 * The player's own state is kept there too, and the server keeps the position, so a reload
 * or another device resumes at the same exercise.
 *
 * Timing: the server sends each exercise's timeline (get ready, holds, relaxes, repetitions,
 * switches of sides, rests, with their seconds), built by the domain, the same the planner's
 * estimate adds up and the terminal player plays. This player plays it as it is: it has no
 * timing model of its own. The page says which segment plays (data-segment-* on #player).
 *
 * No build step: plain JavaScript. Tests may set window.supplePlayerSpeed (e.g. 50) to run
 * the clock faster; it is read at the start of each countdown.
 */
(function () {
  "use strict";

  const root = document.getElementById("player");
  const dataNode = document.getElementById("player-data");
  if (!root || !dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  const KEY_STATE = "supple.player.v1";
  const KEY_OUTBOX = "supple.outbox.v1";
  const KEY_VOICE = "supple.voice.v1";
  const RETRY_MS = 15000;
  const $ = (id) => document.getElementById(id);
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  // ------------------------------------------------------------------ storage
  const memory = {};
  function load(key, fallback) {
    try {
      const value = localStorage.getItem(key);
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return key in memory ? memory[key] : fallback;
    }
  }
  function store(key, value) {
    memory[key] = value;
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* private browsing or a full disk: the in-memory copy keeps the session going */
    }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; getRandomValues does not.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // ------------------------------------------------------------------ outbox
  const outbox = {
    list() {
      return load(KEY_OUTBOX, []);
    },
    add(op) {
      let ops = this.list();
      // Only the latest position matters: older ones waiting to be sent are dropped.
      if (op.kind === "position") {
        ops = ops.filter((o) => !(o.kind === "position" && o.session === op.session));
      }
      ops.push(op);
      store(KEY_OUTBOX, ops);
      showSync();
      flush();
    },
    remove(uid) {
      store(KEY_OUTBOX, this.list().filter((o) => o.uid !== uid));
    },
  };
  let flushing = false;
  let failing = false;
  // A call while a flush runs (the "online" event during a send that is failing offline)
  // runs again once it ends, rather than waiting for the next retry.
  let flushAgain = false;

  async function flush() {
    if (flushing) {
      flushAgain = true;
      return;
    }
    flushing = true;
    flushAgain = false;
    try {
      for (;;) {
        const op = outbox.list()[0];
        if (!op) {
          failing = false;
          break;
        }
        let response;
        try {
          response = await fetch(op.url, {
            method: op.method,
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify(op.body),
          });
        } catch (error) {
          failing = true; // offline: keep everything and try again later
          break;
        }
        if (response.ok) {
          outbox.remove(op.uid);
          failing = false;
          if (op.kind === "start" || op.kind === "finish") {
            const body = await response.json().catch(() => null);
            if (body) received(op, body);
          }
          continue;
        }
        if (response.status >= 500 || [401, 403, 408, 429].includes(response.status)) {
          failing = true; // the server or the sign-in: keep it and try again later
          break;
        }
        // Refused for good: drop it so that the rest can go, and say why.
        outbox.remove(op.uid);
        const problem = await response.json().catch(() => ({}));
        showError(problemText(problem));
      }
    } finally {
      flushing = false;
      showSync();
      if (flushAgain) flush();
    }
  }

  function problemText(problem) {
    const detail = problem && problem.detail;
    if (typeof detail === "string") return `Not saved: ${detail}.`;
    return "Something could not be saved.";
  }

  window.addEventListener("online", flush);
  setInterval(flush, RETRY_MS);
  let wasOffline = false;
  function showSync() {
    const waiting = outbox.list().length;
    const offline = !navigator.onLine;
    const node = $("sync");
    let text = "Saved";
    let kind = "saved";
    if (waiting && (failing || offline)) {
      text = `Waiting to send (${waiting})`;
      kind = "waiting";
    } else if (waiting) {
      // "Saved" only once the server has everything.
      text = "Sending…";
      kind = "sending";
    }
    node.dataset.sync = kind;
    $("sync-text").textContent = text;
    if ((offline || failing) && waiting && !wasOffline) {
      announce("No connection. Your answers are kept and sent when it returns.");
    }
    wasOffline = (offline || failing) && waiting > 0;
  }
  window.addEventListener("offline", showSync);

  // ------------------------------------------------------------------ voice
  const voice = Object.assign({ on: true, voice: "", rate: 1 }, load(KEY_VOICE, {}));
  const speech = "speechSynthesis" in window ? window.speechSynthesis : null;
  function say(text) {
    if (!voice.on || !speech) return;
    try {
      speech.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      const chosen = speech.getVoices().find((v) => v.voiceURI === voice.voice);
      if (chosen) utterance.voice = chosen;
      utterance.rate = Number(voice.rate) || 1;
      speech.speak(utterance);
    } catch (error) {
      /* no speech on this device: the screen and the live region still say it */
    }
  }
  function setupVoice() {
    const toggle = $("voice-toggle");
    const select = $("voice-select");
    const rate = $("voice-rate");
    const paint = () => {
      toggle.setAttribute("aria-pressed", String(voice.on));
      toggle.textContent = voice.on ? "Voice on" : "Voice off";
    };
    paint();
    toggle.addEventListener("click", () => {
      voice.on = !voice.on;
      if (!voice.on && speech) speech.cancel();
      store(KEY_VOICE, voice);
      paint();
    });
    rate.value = String(voice.rate);
    if (!rate.value) rate.value = "1";
    rate.addEventListener("change", () => {
      voice.rate = Number(rate.value);
      store(KEY_VOICE, voice);
      say("This is the speed of the voice.");
    });
    const fill = () => {
      if (!speech) return;
      const voices = speech.getVoices();
      const keep = select.value || voice.voice;
      select.length = 1;
      for (const v of voices) {
        const option = new Option(`${v.name} (${v.lang})`, v.voiceURI);
        select.add(option);
      }
      select.value = voices.some((v) => v.voiceURI === keep) ? keep : "";
    };
    fill();
    if (speech) speech.addEventListener("voiceschanged", fill);
    select.addEventListener("change", () => {
      voice.voice = select.value;
      store(KEY_VOICE, voice);
      say("This is the voice you chose.");
    });
  }

  // ------------------------------------------------------------------ live region
  let lastAnnounced = "";
  function announce(text) {
    const node = $("announcer");
    // Clearing first makes a repeated phrase heard again.
    node.textContent = "";
    lastAnnounced = text;
    setTimeout(() => {
      if (lastAnnounced === text) node.textContent = text;
    }, 50);
  }

  // ------------------------------------------------------------------ wake lock
  let wakeLock = null;
  async function keepAwake(on) {
    if (!("wakeLock" in navigator)) return;
    try {
      if (on && !wakeLock) {
        wakeLock = await navigator.wakeLock.request("screen");
        wakeLock.addEventListener("release", () => {
          wakeLock = null;
        });
      } else if (!on && wakeLock) {
        const lock = wakeLock;
        wakeLock = null;
        await lock.release();
      }
    } catch (error) {
      wakeLock = null; // refused (battery saver, hidden page): the session goes on
    }
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") keepAwake(running());
  });

  // ------------------------------------------------------------------ state
  let state = null;
  function fresh() {
    return {
      v: 1,
      date: data.today,
      sessionId: null,
      flare: data.flare,
      script: null,
      planIds: null,
      index: 0,
      stage: "pre",
      pDuring: null,
      stopped: false,
      spread: false,
      ended: false,
      screenDue: false,
    };
  }
  function save() {
    store(KEY_STATE, state);
  }
  function current() {
    return state.script && state.script[state.index];
  }
  function pendingStart(sessionId) {
    return outbox.list().some((o) => o.kind === "start" && o.session === sessionId);
  }
  const RESUME_STAGE = { ready: "ready", work: "ready", during: "during", spread: "spread", stopped: "stopped", post: "post", done: "done" };

  function applySwap(index, exerciseId) {
    const item = state.script[index];
    if (!item || !exerciseId || item.exercise === exerciseId) return;
    const alternative = (item.swaps || []).find((s) => s.exercise === exerciseId);
    if (alternative) state.script[index] = Object.assign({}, alternative, { swapped_from: item.exercise, swaps: item.swaps });
  }

  function skipLogged(logged) {
    while (
      state.script &&
      state.index < state.script.length &&
      logged.includes(state.index) &&
      ["ready", "during", "spread"].includes(state.stage)
    ) {
      state.index += 1;
      state.stage = "ready";
    }
    if (state.script && state.index >= state.script.length && state.stage === "ready") state.stage = "post";
  }

  function restore() {
    const local = load(KEY_STATE, null);
    const server = data.session;
    const localUsable =
      local && local.v === 1 && !local.ended && local.date === data.today && local.sessionId && local.script &&
      // Kept by an older page without the server's timelines: the server's copy is used.
      local.script.every((item) => Array.isArray(item.timeline));
    // A stopped session the server no longer has open (a new safety screen closed it) is
    // not resumed: Start starts a new session.
    const closed = local && local.stopped && !server && !pendingStart(local.sessionId);
    if (localUsable && !closed && (!server || server.id === local.sessionId || pendingStart(local.sessionId))) {
      state = local;
      if (state.stage === "work") state.stage = "ready";
      if (server && server.id === local.sessionId) skipLogged(server.logged);
      return;
    }
    state = fresh();
    if (server) {
      const position = server.position || {};
      state.sessionId = server.id;
      state.flare = server.flare;
      state.script = server.script;
      state.planIds = server.script.map((s) => s.exercise);
      state.index = Math.min(Number(position.index) || 0, Math.max(0, server.script.length - 1));
      state.stage = RESUME_STAGE[position.stage] || "ready";
      state.pDuring = typeof position.p_during === "number" ? position.p_during : null;
      applySwap(state.index, position.exercise);
      if (state.stage === "spread" && state.pDuring === null) state.stage = "during";
      skipLogged(server.logged);
    }
  }

  function received(op, body) {
    if (op.kind === "start" && state.sessionId === body.id && Array.isArray(body.script)) {
      // The server made the plan: when it differs from the one shown (the plan changed
      // since the page loaded), follow the server's.
      const ids = body.script.map((s) => s.exercise).join(" ");
      if (ids !== (state.planIds || []).join(" ")) {
        state.script = body.script;
        state.planIds = body.script.map((s) => s.exercise);
        if (state.index >= state.script.length) state.index = state.script.length - 1;
        save();
        if (state.stage === "ready") render();
      }
    }
    if (op.kind === "finish" && body.screen_due && op.session === state.sessionId) {
      state.screenDue = true;
      save();
      if (state.stage === "done") render();
    }
    // The end has reached the server: the summary page can show it whole.
    if (op.kind === "finish" && op.session === state.sessionId && state.stage === "done") {
      window.location.assign(summaryUrl());
    }
  }

  function summaryUrl() {
    // The summary lives under the player's own address: /session/<id>/summary/.
    return new URL(`${state.sessionId}/summary/`, new URL(".", window.location.href)).pathname;
  }

  // ------------------------------------------------------------------ writes
  function api(path) {
    return data.api + path;
  }
  function send(kind, method, path, body) {
    outbox.add({ uid: newId(), kind, method, url: api(path), session: state.sessionId, body });
  }
  function savePosition() {
    if (!state.sessionId || state.stage === "pre") return;
    const item = current();
    const body = { index: state.index, stage: state.stage };
    if (item) body.exercise = item.exercise;
    if (state.pDuring !== null && state.stage === "spread") body.p_during = state.pDuring;
    send("position", "PUT", `${state.sessionId}/position`, body);
  }

  // ------------------------------------------------------------------ timer
  // Times are real milliseconds; a test may speed the clock up (read at each countdown).
  const clock = { handle: null, endAt: 0, left: 0, total: 0, scale: 1, paused: false, lastShown: null, onTick: null, onDone: null };
  function speed() {
    return Math.max(1, Number(window.supplePlayerSpeed) || 1);
  }
  function startClock(seconds, onTick, onDone) {
    stopClock();
    clock.scale = speed();
    clock.total = seconds;
    clock.left = (seconds * 1000) / clock.scale;
    clock.endAt = performance.now() + clock.left;
    clock.lastShown = null;
    clock.onTick = onTick;
    clock.onDone = onDone;
    clock.handle = setInterval(tick, clock.scale > 1 ? 20 : 200);
    tick();
  }
  function stopClock() {
    if (clock.handle) clearInterval(clock.handle);
    clock.handle = null;
  }
  function tick() {
    if (clock.paused || !clock.handle) return;
    const left = Math.max(0, clock.endAt - performance.now());
    const shown = Math.ceil((left * clock.scale) / 1000);
    if (shown !== clock.lastShown) {
      clock.lastShown = shown;
      clock.onTick(shown, clock.total);
    }
    // The ring fills with the countdown (by whole seconds when motion is reduced).
    const whole = (clock.total * 1000) / clock.scale || 1;
    const done = reducedMotion.matches
      ? (clock.total - shown) / (clock.total || 1)
      : 1 - left / whole;
    $("timer-ring").style.strokeDashoffset = String(100 * (1 - Math.min(1, Math.max(0, done))));
    if (left <= 0) {
      stopClock();
      clock.onDone();
    }
  }
  function running() {
    return ["ready", "work"].includes(state.stage) && !clock.paused;
  }
  function setPaused(paused) {
    if (paused === clock.paused) return;
    if (paused) {
      clock.left = Math.max(0, clock.endAt - performance.now());
      clock.paused = true;
      say("Paused");
      announce("Paused");
    } else {
      clock.paused = false;
      clock.endAt = performance.now() + clock.left;
      say("Go on");
      announce("Going on");
    }
    $("pause").textContent = clock.paused ? "Resume" : "Pause";
    $("pause").setAttribute("aria-pressed", String(clock.paused));
    root.dataset.paused = String(clock.paused);
    keepAwake(running());
  }

  // ------------------------------------------------------------------ rendering helpers
  function show(id, visible) {
    $(id).hidden = !visible;
  }
  function setTimer(label, number) {
    show("timer", true);
    $("timer-label").textContent = label;
    $("timer-number").textContent = number;
    $("timer-number").dataset.long = String(number.length > 3);
  }
  // A countdown as shown: "45" under a minute, "14:57" from a minute up.
  function clockText(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return String(s);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }
  // The same time in words, for the voice and the live region.
  function spokenTime(seconds) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(minutes === 1 ? "1 minute" : `${minutes} minutes`);
    if (rest || !minutes) parts.push(rest === 1 ? "1 second" : `${rest} seconds`);
    return parts.join(" ");
  }
  function painPrompt(hint, onPick) {
    const prompt = $("prompt");
    prompt.replaceChildren();
    const group = document.createElement("div");
    group.className = "pain-scale scale";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", "stage-title");
    group.setAttribute("aria-describedby", "prompt-hint");
    for (let n = 0; n <= 10; n += 1) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "pain-button";
      button.textContent = String(n);
      button.dataset.pain = String(n);
      button.addEventListener("click", () => onPick(n));
      group.append(button);
    }
    const help = document.createElement("p");
    help.id = "prompt-hint";
    help.className = "help";
    help.textContent = hint || "0 no pain · 10 worst imaginable";
    prompt.append(group, help);
    show("prompt", true);
  }
  function choicePrompt(choices) {
    const prompt = $("prompt");
    prompt.replaceChildren();
    const group = document.createElement("div");
    group.className = "yes-no-buttons";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", "stage-title");
    for (const [label, onPick, extra] of choices) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `button big ${extra || ""}`.trim();
      button.textContent = label;
      button.addEventListener("click", onPick);
      group.append(button);
    }
    prompt.append(group);
    show("prompt", true);
  }
  function link(href, text, extra) {
    const a = document.createElement("a");
    a.href = href;
    a.className = `button big ${extra || ""}`.trim();
    a.textContent = text;
    return a;
  }
  function showError(text) {
    const node = $("player-error");
    node.textContent = text;
    node.hidden = false;
  }

  function figure(item) {
    const box = $("figure");
    if (!item) {
      box.hidden = true;
      return;
    }
    if (!item.figure) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.dataset.figureSrc = item.figure;
    box.dataset.exercise = item.exercise;
    const img = $("figure-img");
    if (img.getAttribute("src") !== item.figure) {
      $("figure-still").setAttribute("srcset", item.figure_still);
      img.src = item.figure;
      img.alt = `Moving picture of ${item.name}`;
      img.onerror = () => { box.hidden = true; };
    }
    const note = item.per_side
      ? "In the picture, the darker limbs are the near side; it shows both sides."
      : "The picture moves through the exercise.";
    $("figure-caption").textContent = note;
    $("figure-note").textContent = note;
  }

  // ------------------------------------------------------------------ stages
  function go(stage) {
    state.stage = stage;
    save();
    savePosition();
    render();
    const title = $("stage-title");
    title.focus({ preventScroll: false });
  }

  function render() {
    stopClock();
    clock.paused = false;
    root.dataset.paused = "false";
    root.dataset.state = state.stage;
    $("pause").textContent = "Pause";
    $("pause").setAttribute("aria-pressed", "false");
    for (const id of ["timer", "prompt", "controls", "swap-list", "steps-box"]) show(id, false);
    if (stepsOpenAt !== state.index) stepsOpenAt = null;
    $("swap").setAttribute("aria-expanded", "false");
    $("steps-toggle").setAttribute("aria-expanded", "false");
    delete root.dataset.segment;
    delete root.dataset.segmentKind;
    delete root.dataset.segmentSeconds;
    $("stage-text").textContent = "";
    $("stage-dose").textContent = "";
    figure(null);
    const item = current();
    const total = state.script ? state.script.length : 0;
    $("stage-count").textContent =
      item && ["ready", "work", "during", "spread"].includes(state.stage)
        ? `Exercise ${state.index + 1} of ${total}`
        : "";
    const stage = STAGES[state.stage] || STAGES.pre;
    stage(item);
    keepAwake(running());
  }

  function exerciseView(item) {
    $("stage-title").textContent = item.name;
    $("stage-dose").textContent = item.dose;
    figure(item);
    const steps = $("steps");
    steps.replaceChildren(
      ...item.steps.map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      }),
    );
    $("steps-toggle").hidden = item.steps.length === 0;
    // Left open through the get-ready and the exercise it belongs to.
    show("steps-box", stepsOpenAt === state.index && item.steps.length > 0);
    $("steps-toggle").setAttribute("aria-expanded", String(!$("steps-box").hidden));
    show("controls", true);
    $("swap").hidden = !(item.swaps && item.swaps.length);
  }

  const STAGES = {
    pre() {
      $("stage-title").textContent = "How is your pain right now?";
      painPrompt(null, (n) => begin(n));
      say("How is your pain right now? Tap a number from 0 to 10.");
    },
    ready(item) {
      exerciseView(item);
      const intro = `${item.name}. ${item.dose}. Get ready.`;
      say(intro);
      announce(`Exercise ${state.index + 1} of ${state.script.length}: ${intro}`);
      // The timeline's get-ready, then the rest of it in the work stage.
      segments = item.timeline;
      const ready = segments[0] && segments[0].kind === "ready" ? segments[0] : null;
      if (!ready) {
        go("work");
        return;
      }
      playing(0, ready);
      startClock(
        ready.seconds,
        (s) => setTimer(ready.title, clockText(s)),
        () => go("work"),
      );
    },
    work(item) {
      exerciseView(item);
      segments = item.timeline;
      runSegment(segments.length && segments[0].kind === "ready" ? 1 : 0);
    },
    during(item) {
      $("stage-title").textContent = `Worst pain during ${item.name}?`;
      painPrompt(null, (n) => {
        state.pDuring = n;
        go("spread");
      });
      say("Done. What was your worst pain during it?");
    },
    spread(item) {
      $("stage-title").textContent = "Did the pain spread down your leg?";
      choicePrompt([
        ["Yes", () => logged(item, true), "secondary"],
        ["No", () => logged(item, false)],
      ]);
      say("Did the pain spread down your leg?");
    },
    stopped() {
      // The reason first, then what to do, then the one next step (below its explanation).
      $("stage-title").textContent = "Stop here for today";
      const reason = state.stopReason || "Your pain was too high to go on.";
      const number = document.querySelector(".site-footer strong")?.textContent || "your local emergency number";
      const box = $("prompt");
      box.replaceChildren();
      for (const text of [
        reason,
        "A pain of 8 or more, or pain spreading down a leg, means stopping the session. Rest in a comfortable position.",
        `If the pain is severe, or you have numbness, weakness, or trouble with your bladder or bowels, seek medical advice now (emergency: ${number}).`,
      ]) {
        const p = document.createElement("p");
        p.textContent = text;
        box.append(p);
      }
      const next = document.createElement("button");
      next.type = "button";
      next.className = "button big";
      next.textContent = "Last question: your pain now";
      next.addEventListener("click", () => go("post"));
      box.append(next);
      show("prompt", true);
      say(`Stop here for today. ${reason} Rest in a comfortable position.`);
    },
    post() {
      $("stage-title").textContent = "How is your pain now?";
      painPrompt(null, (n) => finish(n));
      say("Last question. How is your pain now?");
    },
    done() {
      $("stage-title").textContent = state.stopped ? "Session ended" : "Session done";
      const box = $("prompt");
      box.replaceChildren();
      const text = document.createElement("p");
      text.textContent = state.stopped
        ? "Your answers are saved. Take it easy for the rest of the day."
        : "Your answers are saved. Tomorrow morning, Today asks how your back feels on waking.";
      box.append(text, link(summaryUrl(), "See your summary"));
      if (state.screenDue) {
        const due = document.createElement("p");
        due.className = "callout warning";
        due.textContent = "Please answer the safety questions before your next session.";
        box.append(due, link(data.screen_url, "Answer the safety questions"));
      }
      box.append(link(data.today_url, "Back to Today", "secondary"));
      show("prompt", true);
      say(state.stopped ? "Session ended." : "Session done.");
    },
  };

  // ------------------------------------------------------------------ work: holds, reps, sides, rests
  let segments = [];
  // What the voice says as each kind of segment starts.
  const WORDS = {
    hold: (s, segment) =>
      segment.timed ? `Keep going for ${spokenTime(s)}` : `Hold for ${spokenTime(s)}`,
    relax: () => "Relax",
    switch: () => "Switch sides",
    rest: (s) => `Rest for ${spokenTime(s)}`,
    move: () => "Keep going at an easy pace",
  };

  function playing(n, segment) {
    root.dataset.segment = String(n);
    root.dataset.segmentKind = segment.kind;
    root.dataset.segmentSeconds = String(segment.seconds);
  }

  function runSegment(n) {
    if (n >= segments.length) {
      say("And relax.");
      go("during");
      return;
    }
    const segment = segments[n];
    playing(n, segment);
    $("stage-text").textContent = segment.where;
    if (segment.kind === "reps") {
      let lastRep = 0;
      let announcedAt = -Infinity;
      say(`${segment.reps} repetitions, with me.`);
      announce([`${segment.reps} repetitions`, segment.where].filter(Boolean).join(". "));
      startClock(
        segment.seconds,
        (left) => {
          const elapsed = segment.seconds - left;
          const rep = Math.min(segment.reps, Math.floor(elapsed / segment.pace) + 1);
          if (left > 0 && rep !== lastRep) {
            lastRep = rep;
            setTimer(`Rep ${rep} of ${segment.reps}`, String(rep));
            say(String(rep)); // one beat per repetition, counted aloud
            if (elapsed - announcedAt >= 10) {
              announcedAt = elapsed;
              announce(`Rep ${rep} of ${segment.reps}`);
            }
          }
        },
        () => runSegment(n + 1),
      );
      return;
    }
    const words = (WORDS[segment.kind] || (() => segment.title))(segment.seconds, segment);
    say(words);
    announce([words, segment.where].filter(Boolean).join(". "));
    startClock(
      segment.seconds,
      (left, total) => {
        setTimer(segment.title, clockText(left));
        // Every 10 seconds, not every second: a screen reader is not flooded.
        if (left > 0 && left < total && left % 10 === 0) {
          announce(`${spokenTime(left)} left`);
          if (segment.kind === "hold" && left === 10 && total >= 20) say("10 seconds");
        }
      },
      () => runSegment(n + 1),
    );
  }

  // ------------------------------------------------------------------ actions
  function begin(pain) {
    state.flare = data.flare || pain >= data.flare_pain;
    const script = (state.flare && data.plans.flare && data.plans.flare.length ? data.plans.flare : data.plans.normal) || [];
    state.script = script;
    state.planIds = script.map((s) => s.exercise);
    state.sessionId = newId();
    state.index = 0;
    outbox.add({
      uid: newId(),
      kind: "start",
      method: "POST",
      url: data.api,
      session: state.sessionId,
      body: { id: state.sessionId, p_pre: pain, flare: state.flare },
    });
    if (state.flare && !data.flare) announce("A pain of 7 or more: today is a gentle flare routine.");
    go(script.length ? "ready" : "post");
  }

  function logged(item, spread) {
    send("log", "POST", `${state.sessionId}/exercises`, {
      id: newId(),
      position: state.index,
      exercise: item.exercise,
      p_during: state.pDuring,
      spread,
      completed: true,
      skipped: false,
    });
    const pain = state.pDuring;
    const stop = spread || pain >= data.stop_pain;
    state.spread = state.spread || spread;
    state.pDuring = null;
    if (stop) {
      state.stopped = true;
      state.stopReason = spread
        ? `The pain spread down your leg during ${item.name}.`
        : `Your pain reached ${pain}/10 during ${item.name}.`;
      go("stopped");
    } else {
      next();
    }
  }

  function next() {
    state.index += 1;
    go(state.index >= state.script.length ? "post" : "ready");
  }

  function skip() {
    const item = current();
    if (!item) return;
    send("log", "POST", `${state.sessionId}/exercises`, {
      id: newId(),
      position: state.index,
      exercise: item.exercise,
      spread: false,
      completed: false,
      skipped: true,
    });
    announce(`Skipped ${item.name}`);
    next();
  }

  // An exercise's length in words: "1 min", "2 min" (whole minutes, rounded up).
  function minutesText(seconds) {
    return `${Math.max(1, Math.ceil(seconds / 60))} min`;
  }

  let stepsOpenAt = null;
  function toggleSteps() {
    const box = $("steps-box");
    box.hidden = !box.hidden;
    stepsOpenAt = box.hidden ? null : state.index;
    $("steps-toggle").setAttribute("aria-expanded", String(!box.hidden));
    if (!box.hidden) box.scrollIntoView({ block: "nearest" });
  }

  function toggleSwap() {
    const list = $("swap-list");
    const open = list.hidden;
    const item = current();
    if (!open) {
      list.hidden = true;
      $("swap").setAttribute("aria-expanded", "false");
      setPaused(false);
      return;
    }
    setPaused(true);
    list.replaceChildren();
    const heading = document.createElement("h2");
    heading.id = "swap-title";
    heading.textContent = `Instead of ${item.name}`;
    const group = document.createElement("ul");
    group.setAttribute("aria-labelledby", "swap-title");
    for (const alternative of item.swaps || []) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary swap-choice";
      if (alternative.thumbnail) {
        const thumb = document.createElement("img");
        thumb.src = alternative.thumbnail;
        thumb.alt = "";
        thumb.className = "swap-thumb";
        thumb.decoding = "async";
        thumb.onerror = () => thumb.remove();
        button.append(thumb);
      }
      const words = document.createElement("span");
      words.className = "swap-words";
      const name = document.createElement("strong");
      name.textContent = alternative.name;
      const dose = document.createElement("span");
      dose.textContent = ` · ${alternative.dose} · about ${minutesText(alternative.seconds)}`;
      words.append(name, dose);
      button.append(words);
      button.addEventListener("click", () => {
        applySwap(state.index, alternative.exercise);
        announce(`Swapped for ${alternative.name}`);
        go("ready");
      });
      li.append(button);
      group.append(li);
    }
    list.append(heading, group);
    list.hidden = false;
    $("swap").setAttribute("aria-expanded", "true");
    const first = list.querySelector("button");
    if (first) first.focus();
  }

  function stopEarly() {
    state.stopped = true;
    go("post");
  }

  function finish(pain) {
    send("finish", "POST", `${state.sessionId}/finish`, { p_post: pain, stopped: state.stopped, spread: state.spread });
    state.ended = true;
    go("done");
  }

  function onKey(event) {
    if (event.key !== " " && event.code !== "Space") return;
    const target = event.target;
    if (target.closest && target.closest("button, a, input, select, textarea, summary")) return;
    if (!["ready", "work"].includes(state.stage)) return;
    event.preventDefault();
    setPaused(!clock.paused);
  }

  // ------------------------------------------------------------------ start
  setupVoice();
  $("pause").addEventListener("click", () => setPaused(!clock.paused));
  $("skip").addEventListener("click", skip);
  $("swap").addEventListener("click", toggleSwap);
  $("steps-toggle").addEventListener("click", toggleSteps);
  $("stop").addEventListener("click", stopEarly);
  document.addEventListener("keydown", onKey);
  restore();
  save();
  render();
  showSync();
  flush();
})();
