/* Start Swagger UI on the service's own description.  validatorUrl null:
 * otherwise Swagger UI sends the document to an online validator and shows
 * its badge; the tests validate the description instead. */
"use strict";
window.addEventListener("load", function () {
	window.ui = SwaggerUIBundle({
		url: "/openapi.json",
		dom_id: "#swagger-ui",
		deepLinking: true,
		validatorUrl: null,
		presets: [SwaggerUIBundle.presets.apis],
		layout: "BaseLayout",
		/* Same origin: iHome's session and CSRF cookies go along. */
		withCredentials: true
	});
});
