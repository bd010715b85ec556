// loket: the Ajukan form prepares a request file (YAML) and opens GitHub's
// new-file page in the agency's directory with it filled in. Every value
// is written as a double-quoted scalar (JSON string syntax is valid YAML).
(function () {
  "use strict";
  var form = document.getElementById("ajukan");
  if (!form) return;
  var services = JSON.parse(form.getAttribute("data-services") || "[]");
  var agencies = JSON.parse(form.getAttribute("data-agencies") || "[]");
  var nextId = form.getAttribute("data-next-id");
  var repository = form.getAttribute("data-repository");
  form.hidden = false;
  var fallback = document.getElementById("tanpa-js");
  if (fallback) fallback.hidden = true;
  var params = new URLSearchParams(location.search);
  if (params.get("layanan")) form.elements.layanan.value = params.get("layanan");
  var q = JSON.stringify;
  function find(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }
  function yaml(v) {
    var service = find(services, v.layanan);
    var lines = [];
    lines.push("# yaml-language-server: $schema=../../schemas/request.schema.json");
    lines.push("# Permohonan " + nextId + ": " + service.title.replace(/[\r\n]+/g, " "));
    lines.push("layanan: " + q(v.layanan));
    lines.push("instansi: " + q(v.instansi));
    lines.push("subdomain: " + q(v.subdomain));
    lines.push((service.kind === "ubah" || service.kind === "hapus" ? "alasan: " : "tujuan: ") + q(v.tujuan));
    lines.push("surat:");
    lines.push("  nomor: " + q(v.nomor));
    lines.push("  tanggal: " + q(v.tanggal));
    lines.push("  penandatangan: " + q(v.penandatangan));
    lines.push("  berkas: " + q("lampiran/" + nextId + "-surat.pdf"));
    lines.push("penanggung_jawab:");
    lines.push("  nama: " + q(v.nama));
    if (v.jabatan) lines.push("  jabatan: " + q(v.jabatan));
    lines.push("  email: " + q(v.email));
    lines.push("  telepon: " + q(v.telepon));
    if (service.kind !== "hapus") lines.push("hosting: diskominfo");
    var files = service.files.filter(function (p) { return p.indexOf("lampiran.") === 0; });
    if (files.length) {
      lines.push("lampiran:  # unggah berkas ini ke requests/" + v.instansi + "/lampiran/");
      files.forEach(function (p) {
        var key = p.slice("lampiran.".length);
        lines.push("  " + key + ": " + q("lampiran/" + nextId + "-" + key.replace(/_/g, "-") + ".pdf"));
      });
    }
    var links = service.links.filter(function (p) { return p.indexOf("tautan.") === 0; });
    if (links.length) {
      lines.push("tautan:");
      links.forEach(function (p) { lines.push("  " + p.slice("tautan.".length) + ": \"https://\"  # isi tautan https"); });
    }
    return lines.join("\n") + "\n";
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!form.reportValidity()) return;
    var v = {};
    ["layanan", "instansi", "subdomain", "tujuan", "nomor", "tanggal", "penandatangan", "nama", "jabatan", "email", "telepon"]
      .forEach(function (k) { v[k] = form.elements[k].value.trim(); });
    v.subdomain = v.subdomain.toLowerCase();
    var text = yaml(v);
    var file = nextId + "-" + v.subdomain + ".yaml";
    document.getElementById("yaml").value = text;
    document.getElementById("nama-berkas").textContent = "requests/" + v.instansi + "/" + file;
    var link = document.getElementById("buka-github");
    if (repository) {
      link.href = "https://github.com/" + repository + "/new/main/requests/" + encodeURIComponent(v.instansi) +
        "?filename=" + encodeURIComponent(file) + "&value=" + encodeURIComponent(text);
      link.hidden = false;
    }
    var out = document.getElementById("hasil-ajukan");
    out.hidden = false;
    out.querySelector("h2").tabIndex = -1;
    out.querySelector("h2").focus();
  });
  var agency = find(agencies, form.elements.instansi.value);
  if (agency) form.elements.email.placeholder = "nama@" + agency.email_domain;
  form.elements.instansi.addEventListener("change", function () {
    var a = find(agencies, form.elements.instansi.value);
    if (a) form.elements.email.placeholder = "nama@" + a.email_domain;
  });
})();
