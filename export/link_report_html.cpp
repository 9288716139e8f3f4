#include "export/link_report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "core/url.hpp"
#include "export/link_report_common.hpp"

namespace salvage::exporter {

namespace {

// Readable without a server: no external asset, and the CSP (with a fresh nonce) keeps it so
// even if something from a page slipped through escaping.
constexpr std::string_view k_css = R"CSS(
:root{--alive:#1a7f37;--dead:#cf222e;--unverifiable:#9a6700;--unchecked:#6e7781;--line:#d0d7de}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#1f2328;background:#fff}
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid var(--line)}
nav a{margin-right:1em}.note{color:#59636e}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;position:sticky;top:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.url{word-break:break-all;max-width:36em}
.summary{display:inline-table;margin-right:2em;vertical-align:top}
.zero{color:#8c959f}
#all td:nth-child(1),#all td:nth-child(5),#all td:nth-child(10){word-break:break-all;max-width:36em}
#all td:nth-child(4),#all td:nth-child(6),#all td:nth-child(9){text-align:right;font-variant-numeric:tabular-nums}
.v-alive,tr[data-v=alive]>td:nth-child(2){color:var(--alive)}
.v-dead,tr[data-v=dead]>td:nth-child(2){color:var(--dead);font-weight:600}
.v-unverifiable,tr[data-v=unverifiable]>td:nth-child(2){color:var(--unverifiable)}
.v-unchecked,tr[data-v=unchecked]>td:nth-child(2){color:var(--unchecked);font-style:italic}
th button{all:unset;cursor:pointer}th button:focus-visible{outline:2px solid #0969da}
th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}
.controls{display:flex;gap:.6em;align-items:center;flex-wrap:wrap;margin:.5em 0}
.controls input{min-width:20em}
)CSS";

// Laying out tens of thousands of rows takes a browser many seconds, at load and after every
// filter. So large tables show their first rows only (capped by CSS while the page loads, so
// even parsing stays fast), with buttons for more; without JS, <noscript> lifts every cap.
constexpr std::size_t k_host_rows = 200;   // hosts shown before "show all"
constexpr std::size_t k_page_groups = 200; // pages (one <tbody> each) shown before "show all"
constexpr std::size_t k_link_rows = 500;   // links shown per step of the all-links table

// Rows are written once by the server; the script reads them once, then sorts by moving them
// and filters by toggling `hidden` on the rows whose state changes.
constexpr std::string_view k_js = R"JS(
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('button[data-uncap]'), function (b) {
    b.addEventListener('click', function () {
      document.getElementById(b.getAttribute('data-uncap')).classList.remove('capped');
      b.hidden = true;
    });
  });
  var table = document.getElementById('all'), tbody = table.tBodies[0], step = +table.getAttribute('data-step');
  var rows = Array.prototype.slice.call(tbody.rows), n = rows.length, i;
  var verdicts = new Array(n), classes = new Array(n), order = new Array(n);
  var hidden = new Uint8Array(n), texts = null, limit = step;
  for (i = 0; i < n; i++) {
    verdicts[i] = rows[i].getAttribute('data-v');
    classes[i] = rows[i].getAttribute('data-c');
    order[i] = i;
  }
  var query = document.getElementById('q'), select = document.getElementById('f');
  var status = document.getElementById('shown'), more = document.getElementById('more');
  var all = document.getElementById('every');
  function apply() {
    var needle = query.value.trim().toLowerCase(), pick = select.value;
    var byClass = pick.charAt(0) === 'c', value = pick.slice(2), matched = 0;
    if (needle && !texts) texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    for (var j = 0; j < n; j++) {
      var k = order[j];
      var ok = (!pick || (byClass ? classes[k] : verdicts[k]) === value) &&
               (!needle || texts[k].indexOf(needle) !== -1);
      var show = ok && matched < limit;
      if (ok) matched++;
      if (hidden[k] === (show ? 1 : 0)) { hidden[k] = show ? 0 : 1; rows[k].hidden = !show; }
    }
    status.textContent = 'Showing ' + Math.min(matched, limit) + ' of ' + matched + ' matching links (' +
                         n + ' in all).';
    more.hidden = all.hidden = matched <= limit;
  }
  var timer = 0;
  query.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { limit = step; apply(); }, 150);
  });
  select.addEventListener('change', function () { limit = step; apply(); });
  more.addEventListener('click', function () { limit += step; apply(); });
  all.addEventListener('click', function () { limit = Infinity; apply(); });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var keys = [], sorted = -1, direction = 1;
  function keysOf(col, numeric) {
    if (!keys[col]) keys[col] = rows.map(function (r) {
      var t = r.cells[col].textContent;
      if (!numeric) return t.toLowerCase();
      var x = parseFloat(t);
      return isNaN(x) ? -Infinity : x;
    });
    return keys[col];
  }
  heads.forEach(function (th, col) {
    th.querySelector('button').addEventListener('click', function () {
      direction = sorted === col ? -direction : 1;
      sorted = col;
      var key = keysOf(col, th.classList.contains('n'));
      for (var k = 0; k < n; k++) order[k] = k;
      order.sort(function (a, b) {
        var x = key[a], y = key[b];
        return x < y ? -direction : x > y ? direction : a - b;
      });
      var fragment = document.createDocumentFragment();
      for (k = 0; k < n; k++) fragment.appendChild(rows[order[k]]);
      tbody.appendChild(fragment);
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
      apply();
    });
  });
  apply();
  table.classList.remove('capped');
  document.body.setAttribute('data-ready', '1');
})();
)JS";

// The caps, and their removal when scripts are off (same selectors, later: they win).
void write_cap_styles(std::ostream& out, const std::string& nonce) {
  out << "<style nonce=\"" << nonce << "\">#hosts-table.capped>tbody>tr:nth-child(n+" << k_host_rows + 1
      << "),#all.capped>tbody>tr:nth-child(n+" << k_link_rows + 1 << "){display:none}"
      << "#pages-table.capped>tbody:nth-of-type(n+" << k_page_groups + 1 << "){display:none}</style>\n"
      << "<noscript><style nonce=\"" << nonce << "\">#hosts-table.capped>tbody>tr:nth-child(n+" << k_host_rows + 1
      << "),#all.capped>tbody>tr:nth-child(n+" << k_link_rows + 1 << "){display:table-row}"
      << "#pages-table.capped>tbody:nth-of-type(n+" << k_page_groups + 1 << "){display:table-row-group}"
      << ".js{display:none}</style></noscript>\n";
}

// A "show all" button for a capped table, when it has more than `cap` items.
void write_uncap_button(std::ostream& out, std::string_view table_id, std::size_t items, std::size_t cap,
                        std::string_view what) {
  if (items <= cap) return;
  out << "<p class=\"js\">Showing the first " << cap << ". <button type=\"button\" data-uncap=\"" << table_id
      << "\">Show all " << items << ' ' << what << "</button></p>\n";
}

// Escapes for text and for quoted attribute values alike; invalid UTF-8 becomes U+FFFD first.
// Writes runs between special characters in one call: linear in the input.
void put(std::ostream& out, std::string_view raw) {
  const std::string text = core::sanitize_utf8(raw);
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out.write(text.data() + from, static_cast<std::streamsize>(i - from));
    out << entity;
    from = i + 1;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

std::string make_nonce() {
  std::random_device random;
  std::string nonce;
  char hex[9];
  for (int i = 0; i < 4; ++i) {
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(random()));
    nonce += hex;
  }
  return nonce;
}

// A count cell: the number shown is the number in data-count (`attribute` is trusted markup).
void count_cell(std::ostream& out, std::string_view attribute, std::size_t count) {
  out << "<td class=\"n" << (count == 0 ? " zero" : "") << "\" " << attribute << " data-count=\"" << count
      << "\">" << count << "</td>";
}

void write_summary(std::ostream& out, const ReportSummary& s) {
  out << "<section id=\"summary\"><h2>Summary</h2>\n"
         "<table class=\"summary\"><thead><tr><th>Verdict</th><th class=\"n\">Links</th></tr></thead><tbody>\n";
  const auto verdict_row = [&](std::string_view name, std::size_t count) {
    out << "<tr><th class=\"v-" << name << "\">" << name << "</th>";
    count_cell(out, "data-verdict=\"" + std::string(name) + '"', count);
    out << "</tr>\n";
  };
  for (std::size_t v = 0; v < report::k_verdict_count; ++v)
    verdict_row(core::verdict_name(report::verdict_at(v)), s.by_verdict[v]);
  verdict_row("unchecked", s.unchecked);
  out << "</tbody><tfoot><tr><th>all links</th>";
  count_cell(out, "data-total=\"links\"", s.links);
  out << "</tr></tfoot></table>\n"
         "<table class=\"summary\"><thead><tr><th>Class</th><th>Verdict</th><th class=\"n\">Links</th></tr>"
         "</thead><tbody>\n";
  for (std::size_t c = 0; c < report::k_class_count; ++c) {
    const std::string_view name = core::link_class_name(report::class_at(c));
    const std::string_view verdict = core::verdict_name(core::verdict_of(report::class_at(c)));
    out << "<tr><th>" << name << "</th><td class=\"v-" << verdict << "\">" << verdict << "</td>";
    count_cell(out, "data-class=\"" + std::string(name) + '"', s.by_class[c]);
    out << "</tr>\n";
  }
  out << "</tbody></table>\n<p class=\"note\">Dead: the target is gone. Unverifiable: a bot wall, a rate "
         "limit, a timeout, a TLS failure or a scheme we do not check kept us from knowing. Unchecked: not "
         "checked yet.</p></section>\n";
}

struct HostCounts {
  std::string host;
  std::size_t links = 0;
  std::array<std::size_t, report::k_verdict_count> by_verdict{};
  std::size_t unchecked = 0;
};

void write_hosts(std::ostream& out, const std::vector<ReportLink>& links) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<HostCounts> hosts;
  for (const ReportLink& link : links) {
    std::string host = core::url_host(link.health.url);
    auto [it, added] = index.try_emplace(host, hosts.size());
    if (added) hosts.push_back(HostCounts{std::move(host), 0, {}, 0});
    HostCounts& h = hosts[it->second];
    ++h.links;
    if (link.checked)
      ++h.by_verdict[static_cast<std::size_t>(link.health.verdict())];
    else
      ++h.unchecked;
  }
  constexpr auto dead = static_cast<std::size_t>(core::LinkVerdict::dead);
  std::sort(hosts.begin(), hosts.end(), [](const HostCounts& a, const HostCounts& b) {
    if (a.by_verdict[dead] != b.by_verdict[dead]) return a.by_verdict[dead] > b.by_verdict[dead];
    if (a.links != b.links) return a.links > b.links;
    return a.host < b.host;
  });
  out << "<section id=\"hosts\"><h2>By host (" << hosts.size() << ")</h2>\n"
      << "<table id=\"hosts-table\" class=\"capped\"><thead><tr><th>Host</th>"
      << "<th class=\"n\">Links</th><th class=\"n v-alive\">Alive</th><th class=\"n v-dead\">Dead</th>"
      << "<th class=\"n v-unverifiable\">Unverifiable</th><th class=\"n v-unchecked\">Unchecked</th></tr></thead>"
      << "<tbody>\n";
  for (const HostCounts& h : hosts) {
    out << "<tr><td class=\"url\">";
    if (h.host.empty())
      out << "<i>(no host)</i>";
    else
      put(out, h.host);
    out << "</td><td class=\"n\">" << h.links << "</td>";
    for (std::size_t v = 0; v < report::k_verdict_count; ++v)
      out << "<td class=\"n" << (h.by_verdict[v] ? "" : " zero") << "\">" << h.by_verdict[v] << "</td>";
    out << "<td class=\"n" << (h.unchecked ? "" : " zero") << "\">" << h.unchecked << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
  write_uncap_button(out, "hosts-table", hosts.size(), k_host_rows, "hosts");
  out << "</section>\n";
}

// Pages linking to dead URLs, grouped by page (one <tbody> each); unverifiable links are left out.
void write_records(std::ostream& out, const std::vector<ReportLink>& links) {
  std::vector<std::pair<const LinkingPage*, const ReportLink*>> dead;
  for (const ReportLink& link : links)
    if (link.checked && link.health.verdict() == core::LinkVerdict::dead)
      for (const LinkingPage& page : link.pages) dead.emplace_back(&page, &link);
  std::stable_sort(dead.begin(), dead.end(), [](const auto& a, const auto& b) {
    return a.first->page_url < b.first->page_url;
  });
  std::size_t pages = 0;
  for (std::size_t i = 0; i < dead.size(); ++i)
    if (i == 0 || dead[i].first->page_url != dead[i - 1].first->page_url) ++pages;
  out << "<section id=\"records\"><h2>Pages linking to dead URLs (" << pages << ")</h2>\n";
  if (dead.empty()) {
    out << "<p>No page links to a dead URL.</p></section>\n";
    return;
  }
  out << "<table id=\"pages-table\" class=\"capped\"><thead><tr><th>Title</th><th>Date</th><th>Page</th><th>Dead URL</th><th>Class</th>"
         "<th>Anchor text</th><th>Section</th></tr></thead>\n";
  for (std::size_t begin = 0; begin < dead.size();) {
    std::size_t end = begin + 1;
    while (end < dead.size() && dead[end].first->page_url == dead[begin].first->page_url) ++end;
    out << "<tbody>";
    for (std::size_t i = begin; i < end; ++i) {
      const LinkingPage& page = *dead[i].first;
      out << "<tr>";
      if (i == begin) {
        const std::string span = end - begin > 1 ? " rowspan=\"" + std::to_string(end - begin) + '"' : "";
        out << "<td" << span << ">";
        put(out, page.title);
        out << "</td><td" << span << ">";
        put(out, page.date);
        out << "</td><td class=\"url\"" << span << ">";
        put(out, page.page_url);
        out << "</td>";
      }
      out << "<td class=\"url v-dead\">";
      put(out, dead[i].second->health.url);
      out << "</td><td>" << core::link_class_name(dead[i].second->health.link_class) << "</td><td>";
      put(out, page.text);
      out << "</td><td>";
      put(out, page.section);
      out << "</td></tr>\n";
    }
    out << "</tbody>\n";
    begin = end;
  }
  out << "</table>\n";
  write_uncap_button(out, "pages-table", pages, k_page_groups, "pages");
  out << "</section>\n";
}

void write_link_row(std::ostream& out, const ReportLink& link) {
  const core::LinkHealth& h = link.health;
  const std::string_view verdict = report::verdict_label(link);
  out << "<tr data-v=\"" << verdict << "\" data-c=\"" << report::class_label(link) << "\"><td>";
  put(out, h.url);
  out << "</td><td>" << verdict << "</td><td>" << report::class_label(link) << "</td><td>";
  if (link.checked && h.http_status != 0) out << h.http_status;
  out << "</td><td>";
  if (link.checked && h.final_url != h.url) put(out, h.final_url);
  out << "</td><td";
  if (link.checked && !h.redirects.empty()) {
    out << " title=\"";
    for (std::size_t i = 0; i < h.redirects.size(); ++i) {
      if (i > 0) out << " \xE2\x86\x92 ";  // →
      put(out, h.redirects[i]);
    }
    out << "\">" << h.redirects.size();
  } else {
    out << '>';
  }
  out << "</td><td>";
  if (link.checked) put(out, h.error);
  out << "</td><td>" << (link.checked ? report::iso8601_utc(h.checked_at) : std::string()) << "</td><td>"
      << link.pages.size() << "</td><td>";
  if (!link.pages.empty()) put(out, link.pages.front().page_url);
  out << "</td></tr>\n";
}

void write_all_links(std::ostream& out, const std::vector<ReportLink>& links) {
  out << "<section id=\"links\"><h2>All links (" << links.size() << ")</h2>\n<div class=\"controls js\">"
         "<input type=\"search\" id=\"q\" placeholder=\"Filter: any text\" aria-label=\"Filter by text\">"
         "<select id=\"f\" aria-label=\"Filter by verdict or class\"><option value=\"\">every verdict and class"
         "</option><optgroup label=\"Verdict\">";
  for (std::string_view v : {"alive", "dead", "unverifiable", "unchecked"})
    out << "<option value=\"v:" << v << "\">" << v << "</option>";
  out << "</optgroup><optgroup label=\"Class\">";
  for (std::size_t c = 0; c < report::k_class_count; ++c) {
    const std::string_view name = core::link_class_name(report::class_at(c));
    out << "<option value=\"c:" << name << "\">" << name << "</option>";
  }
  out << "</optgroup></select><span id=\"shown\" class=\"note\"></span><button type=\"button\" id=\"more\" hidden>"
         "Show " << k_link_rows << " more</button><button type=\"button\" id=\"every\" hidden>Show all</button>"
         "<span class=\"note\">Click a column header to sort.</span></div>\n"
         "<table id=\"all\" class=\"capped\" data-step=\"" << k_link_rows << "\"><thead><tr>";
  for (std::string_view head : {"URL", "Verdict", "Class", "#Status", "Final URL", "#Redirects", "Error",
                                "Checked at", "#Pages", "First page"}) {
    const bool numeric = head.front() == '#';
    out << "<th" << (numeric ? " class=\"n\"" : "") << "><button type=\"button\">" << head.substr(numeric ? 1 : 0)
        << "</button></th>";
  }
  out << "</tr></thead><tbody>\n";
  for (const ReportLink& link : links) write_link_row(out, link);
  out << "</tbody></table></section>\n";
}

}  // namespace

void write_report_html(const std::vector<ReportLink>& links, std::ostream& out, const std::string& title) {
  const std::string nonce = make_nonce();
  const std::string& heading = title.empty() ? std::string("Link report") : title;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'nonce-" << nonce
      << "'; script-src 'nonce-" << nonce << "'; base-uri 'none'; form-action 'none'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  put(out, heading);
  out << "</title>\n<style nonce=\"" << nonce << "\">" << k_css << "</style>\n";
  write_cap_styles(out, nonce);
  out << "</head>\n<body data-ready=\"0\">\n<h1>";
  put(out, heading);
  out << "</h1>\n<nav><a href=\"#summary\">Summary</a><a href=\"#hosts\">By host</a>"
      << "<a href=\"#records\">Pages linking to dead URLs</a><a href=\"#links\">All links</a></nav>\n";
  write_summary(out, summarize_report(links));
  write_hosts(out, links);
  write_records(out, links);
  write_all_links(out, links);
  out << "<script nonce=\"" << nonce << "\">" << k_js << "</script>\n</body>\n</html>\n";
}

}  // namespace salvage::exporter
