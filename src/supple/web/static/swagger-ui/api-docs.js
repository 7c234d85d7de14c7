/* Starts Swagger UI on the API docs page (a file, not an inline script: the CSP forbids those).
 * Requests made from the page carry the CSRF token, as the session sign-in needs. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("swagger-settings").textContent);
  const token = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  config.requestInterceptor = (request) => {
    if (token) request.headers["X-CSRFToken"] = token;
    return request;
  };
  window.SwaggerUIBundle(config);

  /* Swagger UI's page structure, mended for assistive technology: its parts outside its
   * <main> become named regions, and its headings step down one level at a time (the
   * title is the <h1>, the groups and the schemas under it). Only attributes are added:
   * the nodes stay Swagger UI's own. */
  const root = document.getElementById("swagger-ui");
  function mend() {
    root.querySelectorAll(".information-container, .scheme-container").forEach((part) => {
      if (!part.hasAttribute("role")) {
        part.setAttribute("role", "region");
        part.setAttribute("aria-label", part.classList.contains("scheme-container") ? "Servers and sign-in" : "About the API");
      }
    });
    root.querySelectorAll(".opblock-tag, .models > h4").forEach((heading) => {
      if (heading.getAttribute("aria-level") !== "2") heading.setAttribute("aria-level", "2");
    });
  }
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
})();
