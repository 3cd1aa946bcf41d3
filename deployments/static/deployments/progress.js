// Live deploy progress: while an operation runs, refresh the progress block every 2 seconds,
// and the page's other live sections (the Regions table) whenever the progress changed, so a
// region's Deployment state follows its stack without a reload. Without JavaScript the page
// shows the same on reload.
(function () {
  "use strict";
  function refreshLiveSections() {
    if (!document.querySelector("[data-live-section]")) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-section][id]").forEach(function (section) {
          var replacement = fresh.getElementById(section.id);
          if (replacement) section.replaceWith(document.importNode(replacement, true));
        });
      })
      .catch(function () { /* the next change tries again */ });
  }
  function poll(box) {
    var url = box.getAttribute("data-progress-url");
    if (!url || box.getAttribute("data-running") !== "1") return;
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-progress-url]");
          if (!fresh) return;
          var changed = fresh.innerHTML !== box.innerHTML;
          box.replaceWith(fresh);
          if (changed) refreshLiveSections();
          if (fresh.getAttribute("data-running") === "1") poll(fresh);
        })
        .catch(function () { window.setTimeout(function () { poll(box); }, 4000); });
    }, 2000);
  }
  function copyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy-target"));
        if (!target) return;
        navigator.clipboard.writeText(target.textContent).then(function () {
          button.textContent = "Copied";
        });
      });
    });
  }
  function checkButtons() {
    // The wizard's Test connection: post the credentials step's own fields, show the checklist.
    document.querySelectorAll("[data-check-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var form = button.closest("form");
        var out = document.getElementById(button.getAttribute("data-output"));
        if (!form || !out) return;
        var body = new FormData(form);
        if (!body.get("aws_account_number") && button.dataset.account) body.set("aws_account_number", button.dataset.account);
        if (!body.getAll("regions").length && button.dataset.regions) {
          button.dataset.regions.split(",").forEach(function (r) { if (r) body.append("regions", r); });
        }
        out.textContent = "Testing…";
        fetch(button.getAttribute("data-check-url"), { method: "POST", body: body, credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) { out.innerHTML = html; })
          .catch(function () { out.textContent = "The test could not run; try again."; });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(poll);
    copyButtons();
    checkButtons();
  });
})();
