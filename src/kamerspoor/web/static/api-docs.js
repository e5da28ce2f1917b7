// Starts Swagger UI on /api/docs. A file of its own rather than an inline script, so the pages'
// Content-Security-Policy (script-src 'self') holds here too. No validator badge: it would load an image
// from elsewhere.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
