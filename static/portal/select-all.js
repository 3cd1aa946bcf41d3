// The wizard's regions step: "Select All Regions" checks or clears every region, and stays
// checked only while every region is. Without JavaScript the server reads the checkbox alone.
(function () {
  var all = document.getElementById("id_select_all");
  var boxes = document.querySelectorAll('input[name="regions"]');
  all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); });
  boxes.forEach(function (b) {
    b.addEventListener("change", function () {
      all.checked = Array.prototype.every.call(boxes, function (x) { return x.checked; });
    });
  });
})();
