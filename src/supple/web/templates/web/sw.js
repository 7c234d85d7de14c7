/* Supple's service worker: keeps the app's files, Today and the session player so that a
 * session can start and run with no connection. Writes never go through here: the player
 * keeps them in its outbox and sends them when the connection returns.
 *
 * Static files: from the cache first (their set changes with each release, see VERSION).
 * Today, the player and the exercise pictures: from the network first, the kept copy when
 * offline. Other pages: the network, else a page saying the connection is gone.
 * Signing out forgets the kept pages. */
"use strict";

const VERSION = "{{ version }}";
const STATIC_CACHE = `supple-static-${VERSION}`;
const PAGES_CACHE = "supple-pages";
const ASSETS = {{ assets|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const LOGOUT_URL = {{ logout_url|safe }};
// What is kept for offline use: Today, the session player and the exercises' pictures.
const KEEP = [
  /^\/today\/$/,
  /^\/session\/$/,
  /^\/exercises\/[a-z0-9-]+\/(figure|figure-still|thumbnail)\.svg$/,
];
const PLAYER_PAGE = /^\/session\/$/;
const FIGURE = /\/exercises\/[a-z0-9-]+\/figure(?:-still)?\.svg/g;

function kept(url) {
  return url.origin === self.location.origin && KEEP.some((pattern) => pattern.test(url.pathname));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("supple-static-") && name !== STATIC_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function fromCacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function offlinePage() {
  return (await caches.match(OFFLINE_URL)) || Response.error();
}

async function fromNetworkFirst(request) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(request);
    // A redirect (to sign in, say) or an error is never kept in place of the page.
    if (response.ok && !response.redirected && response.type === "basic") {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const copy =
      (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (copy) return copy;
    if (request.mode === "navigate") return offlinePage();
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === LOGOUT_URL) {
    // The next person on this phone must not see this person's pages offline.
    event.waitUntil(caches.delete(PAGES_CACHE));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(fromCacheFirst(request));
  } else if (kept(url)) {
    event.respondWith(fromNetworkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

/* Keep a copy of Today's page, the player it links to and the pictures the player shows,
 * fetched now while there is a connection (asked for by the page, see sw-register.js). */
async function keepForOffline(urls) {
  const cache = await caches.open(PAGES_CACHE);
  const wanted = [...new Set(urls)].map((u) => new URL(u, self.location.origin)).filter(kept);
  const pictures = new Set();
  for (const url of wanted) {
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (!response.ok || response.type !== "basic") continue;
      await cache.put(url, response.clone());
      if (PLAYER_PAGE.test(url.pathname)) {
        for (const found of (await response.text()).match(FIGURE) || []) pictures.add(found);
      }
    } catch (error) {
      // Offline already: what is kept stays as it is.
    }
  }
  await Promise.all(
    [...pictures].map((path) =>
      cache.add(new Request(path, { credentials: "same-origin" })).catch(() => undefined),
    ),
  );
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  const page = new URL(message.page || "/", self.location.origin);
  if (!kept(page)) return;
  event.waitUntil(
    keepForOffline([page.href, ...message.urls]).then(() => {
      if (event.source) event.source.postMessage({ type: "kept" });
    }),
  );
});
