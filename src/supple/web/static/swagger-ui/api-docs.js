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
})();
