// Dashboard filters: a new choice shows at once (the "Show" button does the same without JavaScript).
// A new region asks for its own latest quarter rather than keeping the previous region's.
"use strict";
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", function () {
            var resets = select.getAttribute("data-resets");
            var other = resets ? form.querySelector("[name='" + resets + "']") : null;
            if (other) {
                other.disabled = true;
            }
            form.submit();
        });
    });
});
