// The link checker's pure rules without a network: page text, soft-404 words and probe
// comparison, bot walls, root redirects, HEAD-then-GET, and the class of each kind of answer.

#include "fetch/link_classify.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fetch/page_text.hpp"
#include "fetch/soft_404.hpp"

namespace fetch = salvage::fetch;
using salvage::core::FetchOutcome;
using salvage::core::Headers;
using salvage::core::link_class_name;
using salvage::core::LinkClass;

namespace {

const Headers k_html = {{"Content-Type", "text/html; charset=utf-8"}};

struct Answer {
  FetchOutcome outcome = FetchOutcome::fetched;
  int status = 200;
  std::string body;
  Headers headers = k_html;
  std::vector<std::string> redirects;
  fetch::FailureDetail failure = fetch::FailureDetail::none;
  fetch::Method method = fetch::Method::get;
  std::string url = "http://example.org/questions/42.html";
};

fetch::FetchResult result(const Answer& a) {
  fetch::FetchResult r;
  r.request.url = a.url;
  r.request.method = a.method;
  r.outcome = a.outcome;
  r.failure = a.failure;
  r.page.status = a.status;
  r.page.body = a.body;
  r.page.headers = a.headers;
  r.page.redirects = a.redirects;
  r.page.final_url = a.redirects.empty() ? a.url : a.redirects.back();
  r.error = "why";
  return r;
}

LinkClass classify(const Answer& a, const std::vector<int>& accept = {}) {
  fetch::FetchResult r = result(a);
  return fetch::classify(r, accept, fetch::page_text(r.page.headers, r.page.body)).link_class;
}

std::string html(const std::string& title, const std::string& body) {
  return "<html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
}

const std::string k_article =
    "<h1>Leaking tap</h1><p>Dear reader, the question was about mending a leaking tap in an old "
    "house. The answer explains how to shut off the water, take the handle apart, replace the worn "
    "washer and put everything back together without scratching the chrome.</p>";

}  // namespace

TEST_CASE("page text: title, first heading, visible text", "[link]") {
  auto page = fetch::page_text(
      "<!DOCTYPE html><html><head><title> Caf&eacute; &amp; Bar </title>"
      "<style>h1{color:red}</style><script>var x = '<h1>no</h1>';</script></head><body>"
      "<!-- <h1>hidden</h1> --><noscript>Enable JavaScript</noscript><svg><title>icon</title></svg>"
      "<h2></h2><H1 class=x>Oops! That page can&rsquo;t be <b>found</b>.</H1><p>W<b>or</b>d&#33; "
      "&#x41;nd 3 &lt; 4</p><div>next</div><title>second</title></body></html>");
  CHECK(page.title == "Café & Bar");
  CHECK(page.heading == "Oops! That page can\u2019t be found.");
  CHECK(page.text == "Oops! That page can\u2019t be found. Word! And 3 < 4 next");
  CHECK(fetch::page_text("<p>unclosed <script>for ever").text == "unclosed");
  CHECK(fetch::page_text("a < b & c").text == "a < b & c");
  CHECK(fetch::is_html_type({}));
  CHECK(fetch::is_html_type({{"content-type", "application/xhtml+xml"}}));
  CHECK(!fetch::is_html_type({{"Content-Type", "application/pdf"}}));
}

TEST_CASE("soft 404: what the page says", "[link]") {
  struct Case {
    std::string title, heading, text;
    bool soft;
  };
  std::string long_start;
  for (int i = 0; i < 50; ++i) long_start += "word ";
  const std::vector<Case> cases = {
      {"Page not found", "", "", true},
      {"404 - Page Not Found | Example", "", "", true},
      {"Error 404", "", "", true},
      {"404", "", "", true},
      {"Not Found", "", "", true},
      {"HTTP 404 - File not found", "", "", true},
      {"Example Answers", "Oops! That page can\u2019t be found.", "", true},
      {"Example", "", "Home About Sorry, the page you requested does not exist. Try search.", true},
      {"Example", "", "This article is no longer available.", true},
      {"Example", "", "We couldn't find the page you were looking for.", true},
      {"Seite nicht gefunden", "", "", true},
      {"Fehler 404", "", "", true},
      {"Beispiel", "Diese Seite existiert nicht", "", true},
      {"Page introuvable - Exemple", "", "", true},
      {"Exemple", "", "Cette page n'existe plus.", true},
      {"Página no encontrada", "", "", true},
      {"P\u00c1GINA NO ENCONTRADA", "", "", true},
      {"Pagina non trovata", "", "", true},
      {"Pagina niet gevonden", "", "", true},
      {"Página não encontrada", "", "", true},
      {"Nie znaleziono strony", "", "", true},
      // Pages about 404s, questions, replies and articles are not 404s.
      {"Fixing 404 errors in Apache", "", "", false},
      {"How to fix page not found in WordPress", "", "", false},
      {"Why do I get page not found?", "", "", false},
      {"Re: Page not found", "", "", false},
      {"The 'page not found' message explained", "", "", false},
      {"Printer driver file not found", "", "", false},
      {"Example", "", "Can't find what you're looking for? Search the archive.", false},
      {"Leaking tap", "Leaking tap", "Dear reader, the question was about a tap.", false},
      {"Example", "", long_start + " words and more words: the page does not exist", false},
      {"Example", "", "Page 2 of 10. Next page.", false},
  };
  for (const Case& c : cases) {
    fetch::PageText page{c.title, c.heading, c.text};
    INFO(c.title << " / " << c.heading << " / " << c.text);
    CHECK(fetch::says_not_found(page).has_value() == c.soft);
  }
}

TEST_CASE("soft 404: the same page as a random path", "[link]") {
  const std::string welcome =
      "Welcome Welcome to the soft example site. Browse our latest articles, news and answers "
      "from readers, or search the archive of questions by topic.";
  auto probe = fetch::text_print(welcome + " Page generated in 412 ms.");
  double score = 0;
  CHECK(
      fetch::same_as_probe(fetch::text_print(welcome + " Page generated in 7 ms."), probe, &score));
  CHECK(score == Approx(1.0));
  // The path echoed back is a few shingles.
  auto echo = [](const std::string& path) {
    return fetch::text_print("Sorry. The page " + path +
                             " could not be found on this server. Please check the address or "
                             "go back to the home page and browse from there.");
  };
  CHECK(fetch::same_as_probe(echo("/soft/old-article"), echo("/soft/q8x0w2.html")));
  // A real page is not, even inside the same big template.
  CHECK(!fetch::same_as_probe(fetch::text_print(fetch::page_text(k_article).text), probe));
  std::string chrome;
  for (int i = 0; i < 60; ++i)
    chrome += "menu item" + std::to_string(i) + " section label" +
              std::string(1, static_cast<char>('a' + i % 26)) + " ";
  auto article = fetch::text_print(chrome + fetch::page_text(k_article).text);
  CHECK(!fetch::same_as_probe(article, fetch::text_print(chrome + "Not here, sorry.")));
  // A probe answer without text (a script-only page) compares with nothing.
  CHECK(!fetch::same_as_probe(fetch::text_print(""), fetch::text_print("")));
  CHECK(fetch::similarity(fetch::text_print(""), fetch::text_print("")) == 1.0);

  struct Folder {
    std::string path, folder;
  };
  for (const Folder& f : std::vector<Folder>{{"/soft/a/b", "/soft/"},
                                             {"/soft/", "/soft/"},
                                             {"/soft", "/"},
                                             {"/a.html", "/"},
                                             {"/", "/"},
                                             {"", "/"},
                                             {"//x", "/"}})
    CHECK(fetch::probe_folder(f.path) == f.folder);
}

TEST_CASE("link rules: URLs, root redirects, HEAD then GET", "[link]") {
  auto split = fetch::split_origin("https://Example.org:8080/a/b.html?q=1#top");
  CHECK(split.origin == "https://Example.org:8080");
  CHECK(split.path == "/a/b.html");
  CHECK(split.query);
  CHECK(fetch::split_origin("http://x.org").path == "/");
  CHECK(fetch::split_origin("http://x.org?a").path == "/");
  CHECK(fetch::split_origin("http://[::1]:80/p").origin == "http://[::1]:80");

  struct Pre {
    std::string url;
    std::optional<LinkClass> expected;
  };
  for (const Pre& p :
       std::vector<Pre>{{"http://[bad", LinkClass::invalid_url},
                        {"relative/page.html", LinkClass::invalid_url},
                        {"http://", LinkClass::invalid_url},
                        {"mailto:someone@example.org", LinkClass::unsupported_scheme},
                        {"ftp://example.org/file.txt", LinkClass::unsupported_scheme},
                        {"news:comp.lang.c", LinkClass::unsupported_scheme},
                        {"javascript:void(0)", LinkClass::unsupported_scheme},
                        {"https://example.org/", std::nullopt},
                        {"http://example.org/a b", LinkClass::invalid_url},
                        {"HTTP://example.org/a%20b", std::nullopt}}) {
    std::string why;
    INFO(p.url);
    CHECK(fetch::precheck(p.url, &why) == p.expected);
    CHECK(why.empty() == !p.expected);
  }

  struct Root {
    std::string url;
    std::vector<std::string> redirects;
    bool root;
  };
  for (const Root& r :
       std::vector<Root>{{"http://a.org/old/page", {"http://a.org/"}, true},
                         {"http://a.org/old", {"https://a.org/old", "https://www.b.org/"}, true},
                         {"http://a.org/x.html", {"http://a.org"}, true},
                         {"http://a.org/", {"http://a.org/"}, false},
                         {"http://a.org", {"https://a.org/"}, false},
                         {"http://a.org/index.html", {"http://a.org/"}, false},
                         {"http://a.org/home", {"http://a.org/"}, false},
                         {"http://a.org/?p=1", {"http://a.org/"}, false},
                         {"http://a.org/2009/01/post", {"http://a.org/?p=123"}, false},
                         {"http://a.org/old/page", {"http://a.org/new/page"}, false},
                         {"http://a.org/old/page", {}, false}}) {
    INFO(r.url);
    CHECK(fetch::redirected_to_root(r.url, r.redirects) == r.root);
  }

  struct Head {
    Answer answer;
    bool get;
  };
  const Headers pdf = {{"Content-Type", "application/pdf"}};
  auto head = [](FetchOutcome o, int status, Headers h = k_html) {
    Answer a;
    a.outcome = o;
    a.status = status;
    a.headers = std::move(h);
    a.method = fetch::Method::head;
    return a;
  };
  Answer to_root = head(FetchOutcome::fetched, 200);
  to_root.redirects = {"http://example.org/"};
  Answer tls = head(FetchOutcome::failed, 0);
  tls.failure = fetch::FailureDetail::tls;
  Answer loop = head(FetchOutcome::failed, 0);
  loop.failure = fetch::FailureDetail::redirect_loop;
  Answer no_location = head(FetchOutcome::failed, 301);
  no_location.failure = fetch::FailureDetail::bad_redirect;
  for (const Head& h : std::vector<Head>{{head(FetchOutcome::fetched, 200), true},
                                         {head(FetchOutcome::fetched, 200, {}), true},
                                         {head(FetchOutcome::fetched, 200, pdf), false},
                                         {to_root, false},
                                         {head(FetchOutcome::http_4xx, 405), true},
                                         {head(FetchOutcome::http_5xx, 501), true},
                                         {head(FetchOutcome::http_4xx, 400), true},
                                         {head(FetchOutcome::http_4xx, 403), true},
                                         {head(FetchOutcome::http_4xx, 404), true},
                                         {head(FetchOutcome::http_5xx, 500), true},
                                         {head(FetchOutcome::http_5xx, 503), true},
                                         {head(FetchOutcome::http_4xx, 410), false},
                                         {head(FetchOutcome::http_4xx, 401), false},
                                         {head(FetchOutcome::http_4xx, 429), false},
                                         {head(FetchOutcome::failed, 999), false},
                                         {head(FetchOutcome::refused, 0), true},
                                         {head(FetchOutcome::failed, 0), true},
                                         {no_location, true},
                                         {head(FetchOutcome::timeout, 0), false},
                                         {head(FetchOutcome::dns, 0), false},
                                         {tls, false},
                                         {loop, false}}) {
    INFO(salvage::core::outcome_name(h.answer.outcome) << " " << h.answer.status);
    CHECK(fetch::head_needs_get(result(h.answer)) == h.get);
  }
}

TEST_CASE("link rules: bot walls", "[link]") {
  struct Wall {
    const char* name;
    int status;
    Headers headers;
    std::string body;
    bool wall;
  };
  const std::string captcha = html("Attention Required! | Cloudflare",
                                   "<p>Please complete the security check.</p>"
                                   "<div class=\"g-recaptcha\"></div>");
  const std::string challenge =
      html("Just a moment...", "<script>window._cf_chl_opt={cvId: '3'};</script>");
  const std::string comment_form = html(
      "Leaking tap", k_article +
                         "<form><div class=\"g-recaptcha\">"
                         "</div></form>" +
                         std::string(200, ' ') + [] {
                           std::string s;
                           for (int i = 0; i < 160; ++i) s += "word ";
                           return s;
                         }());
  const Headers cloudflare = {{"Server", "cloudflare"}, {"Content-Type", "text/html"}};
  const std::vector<Wall> cases = {
      {"503 captcha page", 503, k_html, captcha, true},
      {"403 access denied", 403, k_html, html("Error", "<h1>Access Denied</h1>Reference #18"),
       true},
      {"200 challenge", 200, k_html, challenge, true},
      {"200 short captcha page", 200, k_html, html("Check", "<p>Solve the captcha</p>"), true},
      {"cf-mitigated header", 503, {{"cf-mitigated", "challenge"}}, "", true},
      {"aws waf header", 405, {{"x-amzn-waf-action", "captcha"}}, "", true},
      {"cloudflare 503 challenge", 503, cloudflare, "<p>challenge running</p>", true},
      {"406 mod_security", 406, k_html, html("Not Acceptable", "Request blocked by incapsula"),
       true},
      {"article with a comment captcha", 200, k_html, comment_form, false},
      {"plain 503", 503, k_html, html("503", "Service Unavailable"), false},
      {"cloudflare 503 without challenge", 503, cloudflare, "<p>origin down</p>", false},
      {"404 with captcha words", 404, k_html, html("404", "captcha"), false},
      {"article", 200, k_html, html("Leaking tap", k_article), false},
      {"article about captchas", 200, k_html,
       html("What is a CAPTCHA?", comment_form.substr(comment_form.find("<body>"))), false},
  };
  for (const Wall& w : cases) {
    INFO(w.name);
    auto text = fetch::page_text(w.body);
    CHECK(fetch::bot_wall(w.status, w.headers, w.body, text).has_value() == w.wall);
  }
}

TEST_CASE("link rules: the class of every kind of answer", "[link]") {
  struct Case {
    const char* name;
    Answer answer;
    LinkClass expected;
  };
  auto a = [](FetchOutcome o, int status, std::string body = {}) {
    Answer x;
    x.outcome = o;
    x.status = status;
    x.body = std::move(body);
    return x;
  };
  auto chain = [](Answer x, std::vector<std::string> hops) {
    x.redirects = std::move(hops);
    return x;
  };
  auto failed = [](fetch::FailureDetail d, std::vector<std::string> hops = {}) {
    Answer x;
    x.outcome = FetchOutcome::failed;
    x.status = 0;
    x.failure = d;
    x.redirects = std::move(hops);
    return x;
  };
  const std::string article = html("Leaking tap", k_article);
  const std::vector<std::string> moved = {"http://example.org/answers/42"};
  const std::vector<std::string> to_root = {"http://example.org/"};
  const std::vector<Case> cases = {
      {"200", a(FetchOutcome::fetched, 200, article), LinkClass::ok},
      {"204", a(FetchOutcome::fetched, 204), LinkClass::ok},
      {"200 after redirects", chain(a(FetchOutcome::fetched, 200, article), moved),
       LinkClass::redirected},
      {"404", a(FetchOutcome::http_4xx, 404), LinkClass::not_found},
      {"410", a(FetchOutcome::http_4xx, 410), LinkClass::gone},
      {"418", a(FetchOutcome::http_4xx, 418), LinkClass::client_error},
      {"400", a(FetchOutcome::http_4xx, 400), LinkClass::client_error},
      {"401", a(FetchOutcome::http_4xx, 401), LinkClass::blocked},
      {"403", a(FetchOutcome::http_4xx, 403), LinkClass::blocked},
      {"999", a(FetchOutcome::failed, 999), LinkClass::blocked},
      {"429", a(FetchOutcome::http_4xx, 429), LinkClass::rate_limited},
      {"429 after redirects", chain(a(FetchOutcome::http_4xx, 429), moved),
       LinkClass::rate_limited},
      {"500", a(FetchOutcome::http_5xx, 500), LinkClass::server_error},
      {"503", a(FetchOutcome::http_5xx, 503), LinkClass::server_error},
      {"503 bot wall", a(FetchOutcome::http_5xx, 503, html("Just a moment...", "")),
       LinkClass::blocked},
      {"200 bot wall", a(FetchOutcome::fetched, 200, html("Attention Required!", "captcha")),
       LinkClass::blocked},
      {"timeout", a(FetchOutcome::timeout, 0), LinkClass::timeout},
      {"timeout after redirects", chain(a(FetchOutcome::timeout, 0), moved), LinkClass::timeout},
      {"dns", a(FetchOutcome::dns, 0), LinkClass::dns_failure},
      {"refused", a(FetchOutcome::refused, 0), LinkClass::connection_refused},
      {"garbage", a(FetchOutcome::failed, 0), LinkClass::connection_refused},
      {"tls", failed(fetch::FailureDetail::tls), LinkClass::tls_error},
      {"loop", failed(fetch::FailureDetail::redirect_loop, moved), LinkClass::redirect_loop},
      {"too many", failed(fetch::FailureDetail::too_many_redirects, moved),
       LinkClass::too_many_redirects},
      {"3xx without Location", failed(fetch::FailureDetail::bad_redirect),
       LinkClass::redirect_to_dead},
      {"redirect to 404", chain(a(FetchOutcome::http_4xx, 404), moved),
       LinkClass::redirect_to_dead},
      {"redirect to 410", chain(a(FetchOutcome::http_4xx, 410), moved),
       LinkClass::redirect_to_dead},
      {"redirect to 500", chain(a(FetchOutcome::http_5xx, 500), moved),
       LinkClass::redirect_to_dead},
      {"redirect to dns", chain(a(FetchOutcome::dns, 0), moved), LinkClass::redirect_to_dead},
      {"redirect to refused", chain(a(FetchOutcome::refused, 0), moved),
       LinkClass::redirect_to_dead},
      {"redirect to 403", chain(a(FetchOutcome::http_4xx, 403), moved), LinkClass::blocked},
      {"redirect to root", chain(a(FetchOutcome::fetched, 200, article), to_root),
       LinkClass::soft_404},
      {"200 saying not found", a(FetchOutcome::fetched, 200, html("Page not found", "")),
       LinkClass::soft_404},
      {"redirect to a page saying not found",
       chain(a(FetchOutcome::fetched, 200, html("404 Not Found", "")), moved), LinkClass::soft_404},
      {"200 pdf titled not found",
       [&] {
         Answer x = a(FetchOutcome::fetched, 200, "Page not found");
         x.headers = {{"Content-Type", "text/plain"}};
         return x;
       }(),
       LinkClass::ok},
      {"redirect to mailto", a(FetchOutcome::redirected, 302), LinkClass::unsupported_scheme},
      {"skipped", a(FetchOutcome::skipped, 0), LinkClass::unsupported_scheme},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    LinkClass got = classify(c.answer);
    CHECK(link_class_name(got) == link_class_name(c.expected));
  }
  // --accept: listed statuses are ok (or redirected), before any other rule.
  CHECK(classify(a(FetchOutcome::http_4xx, 403), {403, 999}) == LinkClass::ok);
  CHECK(classify(a(FetchOutcome::failed, 999), {403, 999}) == LinkClass::ok);
  CHECK(classify(chain(a(FetchOutcome::http_4xx, 403), moved), {403}) == LinkClass::redirected);
  CHECK(classify(a(FetchOutcome::http_4xx, 404), {403}) == LinkClass::not_found);
  // The error says why.
  auto r = result(chain(a(FetchOutcome::http_4xx, 404), moved));
  auto call = fetch::classify(r, {}, {});
  CHECK(call.error == "HTTP 404 at the end of 1 redirect, at http://example.org/answers/42");
  CHECK(fetch::classify(result(a(FetchOutcome::fetched, 200, article)), {}, {}).error.empty());
}
