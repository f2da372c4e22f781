/* The search page's filter panel: open beside the results on a wide screen,
   folded behind its "Filter results" button on a phone, so the first result
   is on the first screen. Without JavaScript the panel simply stays open. */
(function () {
    "use strict";
    var panel = document.querySelector(".search-facets__panel");
    if (!panel || !window.matchMedia) {
        return;
    }
    var phone = window.matchMedia("(max-width: 760px)");
    function fit() {
        panel.open = !phone.matches;
    }
    fit();
    if (phone.addEventListener) {
        phone.addEventListener("change", fit);
    }
})();
