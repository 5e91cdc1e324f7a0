// The search page's facets: open beside the results on a wide screen, folded behind their
// toggle on a narrow one. Without this script the page's CSS shows them the same way where the
// browser can draw a closed <details>' content (::details-content); this keeps the element's
// open state true to what is shown, for assistive technology and browser automation.
(function () {
  "use strict";
  const facets = document.querySelector("details.facets");
  if (!facets) return;
  const wide = window.matchMedia("(min-width: 761px)");
  const follow = function () { facets.open = wide.matches; };
  follow();
  wide.addEventListener("change", follow);
})();
