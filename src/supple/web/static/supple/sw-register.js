/* Registers Supple's service worker (/sw.js) and, on Today, asks it to keep a copy of the
 * page, the session player and its pictures for use without a connection. When they are
 * kept, <html data-offline="ready"> says so. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  const root = document.documentElement;
  const script = document.currentScript;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "kept") root.dataset.offline = "ready";
  });
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker
    .register(script.dataset.serviceWorker, { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (!navigator.onLine || !registration.active) return;
      const links = Array.from(document.querySelectorAll("a[href], img[src]"), (el) =>
        el.href || el.src,
      );
      registration.active.postMessage({
        type: "keep",
        page: location.pathname + location.search,
        urls: links,
      });
    })
    .catch(() => {
      // No service worker (a private window, an old browser): the app works online as before.
    });
})();
