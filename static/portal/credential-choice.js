// A credentials choice (IAM role or access keys): show only the chosen type's section. Without
// JavaScript both sections show and the radio decides which fields count.
(function () {
  "use strict";
  var radios = document.querySelectorAll('input[type="radio"][name="credential_type"]');
  if (!radios.length) return;
  function update() {
    var chosen = document.querySelector('input[type="radio"][name="credential_type"]:checked');
    document.querySelectorAll("[data-credential-section]").forEach(function (section) {
      section.hidden = Boolean(chosen) && section.getAttribute("data-credential-section") !== chosen.value;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
