#include "fetch/sitemap.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace fetch = salvage::fetch;
using Strings = std::vector<std::string>;

namespace {

// `text` as one gzip member, as a server sends a sitemap.xml.gz.
std::string gzip(const std::string& text) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

std::string urlset(const Strings& locs) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& loc : locs) xml += "  <url><loc>" + loc + "</loc><changefreq>daily</changefreq></url>\n";
  return xml + "</urlset>\n";
}

Strings numbered(const std::string& prefix, int count) {
  Strings out;
  for (int i = 0; i < count; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

}  // namespace

TEST_CASE("parse_sitemap reads a urlset, namespaced or not") {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
      "        xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
      "  <url>\n    <loc>\n      http://example.com/q/1\n    </loc>\n    <lastmod>2005-01-01</lastmod>\n  </url>\n"
      "  <url><loc>http://example.com/forum.php?t=2&amp;page=3</loc>\n"
      "    <image:image><image:loc>http://example.com/photo.jpg</image:loc></image:image></url>\n"
      "  <url><loc><![CDATA[ http://example.com/q/3?a=1&b=2 ]]></loc></url>\n"
      "  <url><loc>http://example.com/q/&#x34;</loc></url>\n"
      "  <url><loc>   </loc></url>\n"
      "  <url><lastmod>2005-01-01</lastmod></url>\n"
      "  <url><loc>/relative/5</loc></url>\n"
      "</urlset>\n";
  fetch::Sitemap map = fetch::parse_sitemap(xml);
  CHECK(map.pages == Strings{"http://example.com/q/1", "http://example.com/forum.php?t=2&page=3",
                             "http://example.com/q/3?a=1&b=2", "http://example.com/q/4", "/relative/5"});
  CHECK(map.sitemaps.empty());

  const std::string prefixed =
      "<sm:urlset xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sm:url><sm:loc>http://example.com/a</sm:loc></sm:url></sm:urlset>";
  CHECK(fetch::parse_sitemap(prefixed).pages == Strings{"http://example.com/a"});
  CHECK(fetch::parse_sitemap("<urlset><url><loc>http://example.com/b</loc></url></urlset>").pages ==
        Strings{"http://example.com/b"});
}

TEST_CASE("parse_sitemap reads a sitemap index") {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
      "  <sitemap><loc>http://example.com/sitemap1.xml.gz</loc><lastmod>2004-10-01</lastmod></sitemap>\n"
      "  <sitemap><loc> http://example.com/sitemap2.xml </loc></sitemap>\n"
      "</sitemapindex>";
  fetch::Sitemap map = fetch::parse_sitemap(xml);
  CHECK(map.sitemaps == Strings{"http://example.com/sitemap1.xml.gz", "http://example.com/sitemap2.xml"});
  CHECK(map.pages.empty());
}

TEST_CASE("parse_sitemap gunzips, several members in a row too") {
  Strings locs = numbered("http://example.com/q/", 50);
  CHECK(fetch::parse_sitemap(gzip(urlset(locs))).pages == locs);
  CHECK(fetch::parse_sitemap(gzip("http://example.com/a\n") + gzip("http://example.com/b\n")).pages ==
        Strings{"http://example.com/a", "http://example.com/b"});
}

TEST_CASE("parse_sitemap reads a text sitemap") {
  const std::string text =
      "\xEF\xBB\xBFhttp://example.com/a\r\n"
      "\r\n"
      "  https://example.com/b?x=1  \n"
      "# a comment\n"
      "ftp://example.com/file\n"
      "mailto:someone@example.com\n"
      "HTTP://EXAMPLE.COM/C";
  CHECK(fetch::parse_sitemap(text).pages ==
        Strings{"http://example.com/a", "https://example.com/b?x=1", "HTTP://EXAMPLE.COM/C"});
}

TEST_CASE("parse_sitemap reads XML with a BOM, in UTF-16 too") {
  CHECK(fetch::parse_sitemap("\xEF\xBB\xBF" + urlset({"http://example.com/a"})).pages ==
        Strings{"http://example.com/a"});
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<urlset><url><loc>http://example.com/")) utf16 += std::string{c, '\0'};
  utf16 += std::string("\xE9\0", 2);
  for (char c : std::string("</loc></url></urlset>")) utf16 += std::string{c, '\0'};
  CHECK(fetch::parse_sitemap(utf16).pages == Strings{"http://example.com/\xC3\xA9"});
}

TEST_CASE("parse_sitemap reads RSS and Atom feeds, which sitemaps.org accepts") {
  const std::string rss =
      "<rss version=\"2.0\"><channel><title>t</title><link>http://example.com/</link>"
      "<item><title>a</title><link>http://example.com/a</link></item>"
      "<item><link> http://example.com/b </link></item></channel></rss>";
  CHECK(fetch::parse_sitemap(rss).pages == Strings{"http://example.com/a", "http://example.com/b"});
  const std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"http://example.com/\"/>"
      "<entry><link rel=\"edit\" href=\"http://example.com/edit/1\"/><link href=\"http://example.com/1\"/></entry>"
      "<entry><link rel=\"alternate\" href=\"http://example.com/2\"/></entry></feed>";
  CHECK(fetch::parse_sitemap(atom).pages == Strings{"http://example.com/1", "http://example.com/2"});
}

TEST_CASE("parse_sitemap returns what it can of broken input and never throws") {
  const std::string broken =
      "<urlset><url><loc>http://example.com/1</loc></url><url><loc>http://example.com/2</loc></url>"
      "<url><loc>http://example.com/3</loc><bad attr=></url><url><loc>http://example.com/4</loc></url></urlset>";
  CHECK(fetch::parse_sitemap(broken).pages ==
        Strings{"http://example.com/1", "http://example.com/2", "http://example.com/3"});

  // Cut off inside a <loc>: the cut URL is dropped, not returned half.
  std::string whole = urlset({"http://example.com/1", "http://example.com/2", "http://example.com/page/3"});
  std::size_t cut = whole.find("/page/3") + 3;
  CHECK(fetch::parse_sitemap(whole.substr(0, cut)).pages ==
        Strings{"http://example.com/1", "http://example.com/2"});
  CHECK(fetch::parse_sitemap(whole.substr(0, whole.find("</loc>", cut))).pages ==
        Strings{"http://example.com/1", "http://example.com/2"});
  CHECK(fetch::parse_sitemap(whole.substr(0, whole.find("</loc>", cut) + 3)).pages ==
        Strings{"http://example.com/1", "http://example.com/2", "http://example.com/page/3"});
  std::string cdata = "<urlset><url><loc>http://example.com/1</loc></url><url><loc><![CDATA[http://example.com/pa";
  CHECK(fetch::parse_sitemap(cdata).pages == Strings{"http://example.com/1"});

  // A gzip stream broken off halfway: what was inflated, without the cut entry.
  Strings locs = numbered("http://example.com/question/", 5000);
  std::string packed = gzip(urlset(locs));
  Strings partial = fetch::parse_sitemap(packed.substr(0, packed.size() / 2)).pages;
  CHECK(!partial.empty());
  CHECK(partial.size() < locs.size());
  CHECK(std::equal(partial.begin(), partial.end(), locs.begin()));

  for (const std::string& garbage :
       {std::string(), std::string("\x1F\x8B"), std::string("\x1F\x8B\x08\x00garbage", 11), std::string("<<<>>>"),
        std::string("<html><body><a href=\"http://example.com/\">x</a></body></html>"),
        std::string("\xFF\xFE<\0", 4), std::string("\0\1\2\3\xFF", 5), std::string("<urlset><url><loc>")}) {
    fetch::Sitemap map;
    CHECK_NOTHROW(map = fetch::parse_sitemap(garbage));
    CHECK(map.pages.empty());
    CHECK(map.sitemaps.empty());
  }
}

TEST_CASE("parse_sitemap caps what it decompresses") {
  // A small gzip that inflates to 20 MB: reading stops at max_bytes.
  std::string bomb = urlset({"http://example.com/first"});
  bomb.insert(bomb.find("</urlset>"), std::string(20u << 20, ' '));
  bomb += urlset({"http://example.com/after"});
  std::string packed = gzip(bomb);
  REQUIRE(packed.size() < (1u << 20) / 10);
  CHECK(fetch::parse_sitemap(packed, 1u << 20).pages == Strings{"http://example.com/first"});

  // A long text sitemap, capped: whole lines only, in order.
  Strings locs = numbered("http://example.com/question/", 100000);
  std::string text;
  for (const auto& loc : locs) text += loc + "\n";
  Strings capped = fetch::parse_sitemap(gzip(text), 100000).pages;
  CHECK(capped.size() < locs.size());
  CHECK(capped.size() > 1000);
  CHECK(std::equal(capped.begin(), capped.end(), locs.begin()));
  CHECK(fetch::parse_sitemap(text, 100000).pages == capped);  // the same cap on a plain body
}

TEST_CASE("parse_sitemap reads lychee's sitemap fixtures") {
  std::filesystem::path dir = std::filesystem::path(SALVAGE_SHARED_DIR) / "corpus/linkcases/lychee/sitemap";
  if (!std::filesystem::exists(dir)) {
    WARN("no " << dir.string() << "; skipped");
    return;
  }
  auto read = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  fetch::Sitemap map = fetch::parse_sitemap(read("sitemap.xml"));
  CHECK(map.pages == Strings{"index.html", "home.html"});  // relative: resolved by the caller
  CHECK(map.sitemaps.empty());
  fetch::Sitemap none = fetch::parse_sitemap(read("not-a-sitemap.xml"));
  CHECK(none.pages.empty());
  CHECK(none.sitemaps.empty());
}
