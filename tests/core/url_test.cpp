#include "core/url.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <thread>
#include <vector>

using salvage::core::file_url;
using salvage::core::resolve_url;
using salvage::core::same_site;
using salvage::core::UrlResolver;
using salvage::core::url_host;
using salvage::core::url_scheme;

namespace {

struct ResolveCase {
  const char* base;
  const char* href;
  std::optional<std::string> expected;  // nullopt: does not resolve
};

constexpr const char* k_base = "http://a/b/c/d;p?q";

}  // namespace

TEST_CASE("resolve_url follows RFC 3986 section 5.4 (fragments dropped)", "[url]") {
  const ResolveCase cases[] = {
      {k_base, "g", "http://a/b/c/g"},
      {k_base, "./g", "http://a/b/c/g"},
      {k_base, "g/", "http://a/b/c/g/"},
      {k_base, "/g", "http://a/g"},
      {k_base, "//g", "http://g/"},
      {k_base, "?y", "http://a/b/c/d;p?y"},
      {k_base, "g?y", "http://a/b/c/g?y"},
      {k_base, "#s", "http://a/b/c/d;p?q"},
      {k_base, "g#s", "http://a/b/c/g"},
      {k_base, "g?y#s", "http://a/b/c/g?y"},
      {k_base, ";x", "http://a/b/c/;x"},
      {k_base, "g;x?y#s", "http://a/b/c/g;x?y"},
      {k_base, "", "http://a/b/c/d;p?q"},
      {k_base, ".", "http://a/b/c/"},
      {k_base, "./", "http://a/b/c/"},
      {k_base, "..", "http://a/b/"},
      {k_base, "../", "http://a/b/"},
      {k_base, "../g", "http://a/b/g"},
      {k_base, "../..", "http://a/"},
      {k_base, "../../g", "http://a/g"},
      {k_base, "../../../g", "http://a/g"},
      {k_base, "/./g", "http://a/g"},
      {k_base, "/../g", "http://a/g"},
      {k_base, "g.", "http://a/b/c/g."},
      {k_base, "..g", "http://a/b/c/..g"},
      {k_base, "./../g", "http://a/b/g"},
      {k_base, "./g/.", "http://a/b/c/g/"},
      {k_base, "g/./h", "http://a/b/c/g/h"},
      {k_base, "g/../h", "http://a/b/c/h"},
      {k_base, "g;x=1/../y", "http://a/b/c/y"},
      {k_base, "g?y/./x", "http://a/b/c/g?y/./x"},
      {k_base, "http:g", "http://a/b/c/g"},  // WHATWG: same special scheme means relative
      {k_base, "g:h", "g:h"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.base, c.href);
    CHECK(resolve_url(c.base, c.href) == c.expected);
  }
}

TEST_CASE("resolve_url handles what old pages write", "[url]") {
  const char* page = "http://www.example.com/forum/thread.php?id=7#post3";
  const ResolveCase cases[] = {
      // relative paths and queries
      {page, "reply.php", "http://www.example.com/forum/reply.php"},
      {page, "../index.html", "http://www.example.com/index.html"},
      {page, "./a/./b/../c.htm", "http://www.example.com/forum/a/c.htm"},
      {page, "?a=1", "http://www.example.com/forum/thread.php?a=1"},
      {page, "/", "http://www.example.com/"},
      // protocol-relative
      {page, "//cdn.example.org/x.js", "http://cdn.example.org/x.js"},
      {"https://s.example/p", "//cdn.example.org/x", "https://cdn.example.org/x"},
      // case: scheme and host lower-cased, path kept
      {page, "HTTP://WWW.Example.ORG/Path/File.HTM", "http://www.example.org/Path/File.HTM"},
      {"HTTPS://Host.Example/A/", "b", "https://host.example/A/b"},
      // fragments dropped, the empty href is the page itself
      {page, "#top", "http://www.example.com/forum/thread.php?id=7"},
      {page, "other.html#sec-2", "http://www.example.com/forum/other.html"},
      {page, "", "http://www.example.com/forum/thread.php?id=7"},
      {page, "   ", "http://www.example.com/forum/thread.php?id=7"},
      // spaces, non-ASCII and existing escapes (never double-encoded, hex upper-cased)
      {page, "my page.html", "http://www.example.com/forum/my%20page.html"},
      {page, "a.php?q=two words", "http://www.example.com/forum/a.php?q=two%20words"},
      {page, "caf\xC3\xA9/\xC3\xBC.html", "http://www.example.com/forum/caf%C3%A9/%C3%BC.html"},
      {page, "x%20y%2Fz%c3%a9", "http://www.example.com/forum/x%20y%2Fz%C3%A9"},
      {page, "100%.html", "http://www.example.com/forum/100%.html"},
      // whitespace around and tab/CR/LF inside the href are ignored
      {page, "  \n reply.php \t", "http://www.example.com/forum/reply.php"},
      {page, "rep\nly\r\n.p\thp", "http://www.example.com/forum/reply.php"},
      {page, "http://www.\nexample.com/a\n/b", "http://www.example.com/a/b"},
      // backslashes are slashes in http(s), but not in the query
      {page, "..\\img\\a.gif", "http://www.example.com/img/a.gif"},
      {page, "http:\\\\other.example\\x", "http://other.example/x"},
      {page, "a\\b?c\\d", "http://www.example.com/forum/a/b?c\\d"},
      {page, "\\\\other.example\\x", "http://other.example/x"},
      // default ports dropped, others kept
      {page, "http://example.com:80/a", "http://example.com/a"},
      {page, "https://example.com:443/", "https://example.com/"},
      {page, "http://example.com:8080/", "http://example.com:8080/"},
      // other schemes
      {page, "ftp://ftp.example.com/pub/file.zip", "ftp://ftp.example.com/pub/file.zip"},
      {page, "mailto:Bob@Example.com", "mailto:Bob@Example.com"},
      {page, "MAILTO:bob@example.com?subject=hi there", "mailto:bob@example.com?subject=hi%20there"},
      {page, "news:comp.lang.c", "news:comp.lang.c"},
      {page, "javascript:void(0)", "javascript:void(0)"},
      {page, "https:other.example/x", "https://other.example/x"},
      {"file:///home/u/site/a/index.html", "../b.html", "file:///home/u/site/b.html"},
      {page, "file:foo", "file:///foo"},
      {page, "file:///C:/My%20Documents/a.htm", std::nullopt},  // curl: no drive letters on POSIX
      // first segments with a colon are paths, not schemes; extra slashes before a host
      {page, "1a:b", "http://www.example.com/forum/1a:b"},
      {page, "////other.example/x", "http://other.example/x"},
      {page, "http:///other.example/x", "http://other.example/x"},
      {page, "///", std::nullopt},
      // garbage
      {page, "http://[bad", std::nullopt},
      {page, "http://exa mple.com/", std::nullopt},
      {"not a url", "relative.html", std::nullopt},
      {"not a url", "http://example.com/x", "http://example.com/x"},
      {"", "", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.base, c.href);
    CHECK(resolve_url(c.base, c.href) == c.expected);
  }
}

TEST_CASE("UrlResolver resolves many hrefs against one base, the base unchanged by each", "[url]") {
  UrlResolver resolver(k_base);
  const char* hrefs[] = {"g", "../../g", "//g", "?y", "", "#s", "http:g", "g:h", "mailto:x@y.org",
                         "HTTP://Other.ORG/%7ea", "../g", "g"};
  for (int round = 0; round < 2; ++round) {
    for (const char* href : hrefs) {
      CAPTURE(href);
      CHECK(resolver.resolve(href) == resolve_url(k_base, href));
    }
  }
  CHECK(resolver.resolve("g") == "http://a/b/c/g");
  CHECK(resolver.resolve("HTTP://Other.ORG/%7ea") == "http://other.org/%7Ea");

  // No base: only absolute hrefs resolve.
  UrlResolver broken("http://[bad");
  CHECK(broken.resolve("g") == std::nullopt);
  CHECK(broken.resolve("") == std::nullopt);
  CHECK(broken.resolve("https://example.org/x") == "https://example.org/x");
  CHECK(broken.resolve("https://example.org/x") == resolve_url("http://[bad", "https://example.org/x"));
}

TEST_CASE("UrlResolver's remembered results never cross from one base to another", "[url]") {
  const char* bases[] = {"http://a/b/c/d;p?q", "http://a/b/x/y", "http://a/b/c/e", "https://a/b/c/d",
                         "http://A/b/c/d",     "http://a:81/b/c/d", "http://u@a/b/c/d", "http://a",
                         "http://a?q/r/s",     "HTTP://a/b/c/d",   "http://a/b\\c/d", "ftp://a/b/c/d",
                         "http://[bad"};
  const char* hrefs[] = {"g", "../g", "./g/", "/g", "//g/h", "http:g", "https:g", "?y", "#s", "",
                         " g", "\tg", "/\\g", "http://x/Y", "HTTP://x/y", "mailto:m@x.org", "g?y#s", "..",
                         "g:h", "\\g"};
  // Each answer as a thread with nothing remembered gives it ...
  std::vector<std::optional<std::string>> fresh;
  for (const char* base : bases)
    for (const char* href : hrefs) {
      std::optional<std::string> r;
      std::thread([&] { r = UrlResolver(base).resolve(href); }).join();
      fresh.push_back(r);
    }
  // ... and as one thread that has resolved everything before gives it, twice over.
  for (int round = 0; round < 2; ++round) {
    std::size_t i = 0;
    for (const char* base : bases) {
      UrlResolver resolver(base);
      for (const char* href : hrefs) {
        CAPTURE(base, href);
        CHECK(resolver.resolve(href) == fresh[i++]);
      }
    }
  }
}

TEST_CASE("resolve_url never throws on hostile input", "[url]") {
  std::string junk;
  for (int i = 0; i < 256; ++i) junk += static_cast<char>(i);
  CHECK_NOTHROW(resolve_url("http://example.com/", junk));
  CHECK_NOTHROW(resolve_url(junk, junk));
  CHECK_NOTHROW(resolve_url("http://example.com/", std::string(100000, '/')));
  CHECK_NOTHROW(resolve_url("http://example.com/", std::string(100000, '\xFF')));
}

TEST_CASE("url_host and url_scheme", "[url]") {
  CHECK(url_host("http://WWW.Example.COM:8080/a?b") == "www.example.com");
  CHECK(url_host("https://user:pw@example.org/") == "example.org");
  CHECK(url_host("mailto:bob@example.com") == "");
  CHECK(url_host("file:///etc/hosts") == "");
  CHECK(url_host("http://[bad") == "");
  CHECK(url_host("") == "");
  CHECK(url_scheme("HTTP://example.com") == "http");
  CHECK(url_scheme("MailTo:bob@example.com") == "mailto");
  CHECK(url_scheme("  javascript:alert(1)") == "javascript");
  CHECK(url_scheme("java\nscript:alert(1)") == "javascript");
  CHECK(url_scheme("/relative/path") == "");
  CHECK(url_scheme("page.html?x=a:b") == "");
  CHECK(url_scheme("1http://x") == "");
}

TEST_CASE("url_host reads plain URLs off the text and gives the rest to curl, with one answer", "[url]") {
  // Each answer is curl's (checked against the curl-only implementation this fast path joined).
  const std::pair<const char*, const char*> cases[] = {
      {"http://www.example.com/a", "www.example.com"}, {"http://127.0.0.1:8080/x", "127.0.0.1"},
      {"http://0x7f.1/", "127.0.0.1"},                 {"http://127.1/", "127.0.0.1"},
      {"http://010.0.0.1/", "8.0.0.1"},                {"http://123/", "0.0.0.123"},
      {"http://1.2.3/", "1.2.0.3"},                    {"http://256.1.1.1/", "256.1.1.1"},
      {"http://a.com:99999/", ""},                     {"http://a.com:65535/", "a.com"},
      {"http://a.com:/", "a.com"},                     {"http://a.com:0080/", "a.com"},
      {"http://Example.COM/", "example.com"},          {"http://a..b/", "a..b"},
      {"http://a.com./", "a.com."},                    {"https://user@a.com/", "a.com"},
      {"http://[::1]:80/", "[::1]"},                   {"http://a.com?x", "a.com"},
      {"http://a.com#f", "a.com"},                     {"http://a_b.com/", "a_b.com"},
      {"http://a.com%2e/", "a.com."},                  {"http://a b.com/", ""},
      {"http://a.com\\b/c", ""},                      {"http:/a.com/", "a.com"},
      {"http://", ""},                                 {"https://x", "x"},
  };
  for (const auto& [url, host] : cases) {
    CAPTURE(url);
    CHECK(url_host(url) == host);
  }
}

TEST_CASE("same_site ignores case and a leading www.", "[url]") {
  CHECK(same_site("www.example.com", "EXAMPLE.com"));
  CHECK(same_site("example.com", "example.com"));
  CHECK_FALSE(same_site("forum.example.com", "example.com"));
  CHECK_FALSE(same_site("example.com", "example.org"));
}

TEST_CASE("file_url percent-encodes what a URL may not hold", "[url]") {
  CHECK(file_url("/home/u/corpus/page.html") == "file:///home/u/corpus/page.html");
  CHECK(file_url("/tmp/a b/#1%?.html") == "file:///tmp/a%20b/%231%25%3F.html");
  CHECK(file_url("/tmp/\xC3\xA9t\xC3\xA9.html") == "file:///tmp/%C3%A9t%C3%A9.html");
  auto resolved = resolve_url(file_url("/tmp/a b/page.html"), "other.html");
  CHECK(resolved == "file:///tmp/a%20b/other.html");
}
