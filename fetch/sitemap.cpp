#include "fetch/sitemap.hpp"

#include "fetch/content_decoding.hpp"

#define ZLIB_CONST  // next_in is const: the body is only read

#include <pugixml.hpp>

#include <algorithm>

#include "core/text.hpp"

// What counts, read leniently because sitemaps of old sites are often hand-made:
//   - <urlset> and <sitemapindex> with or without the sitemaps.org namespace or a prefix
//     ("sm:url"); <url><loc> goes to pages and <sitemap><loc> to sitemaps under either root, as
//     some generators mix them. Only a <loc> that is a direct child counts, so the <image:loc>
//     of image sitemaps (inside <image:image>) is not taken for a page.
//   - RSS 2.0 / RSS 1.0 (<item><link>) and Atom (<entry><link href>), which sitemaps.org accepts
//     as sitemaps.
//   - a text sitemap: one http or https URL per line, anything else ignored.
// Entries are returned as written (trimmed, entities and CDATA decoded), relative ones included:
// the caller resolves them against the sitemap's own URL and normalises them.
// Anything broken yields what came before the damage. A <loc> that the end of the input cuts off
// ("<loc>http://x.org/pa") is dropped rather than returned truncated, and so is a text line cut
// off by `max_bytes` or by a truncated gzip stream.

namespace salvage::fetch {

namespace {

bool is_gzip(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1F &&
         static_cast<unsigned char>(body[1]) == 0x8B;
}

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node node : parent.children())
    if (node.type() == pugi::node_element && local_name(node) == name) return node;
  return {};
}

// The text of an element: its character data and CDATA sections, comments skipped.
std::string text_of(const pugi::xml_node& element) {
  std::string text;
  for (pugi::xml_node node : element.children())
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) text += node.value();
  return std::string(core::trim(text));
}

// Collects entries, remembering the node the last one came from so that it can be dropped when
// the input broke off inside it.
class Reader {
 public:
  Reader(std::string_view input, const pugi::xml_parse_result& result)
      : m_input(input),
        m_parsed_whole(static_cast<bool>(result)),
        m_converted(result.encoding != pugi::encoding_utf8) {}

  void add(std::vector<std::string>& list, const pugi::xml_node& source, std::string text) {
    if (text.empty()) return;
    list.push_back(std::move(text));
    m_last_list = &list;
    m_last_source = source;
  }

  // After an incomplete parse: drops the last entry when its text ran into the end of the input.
  void drop_cut_entry() {
    if (m_parsed_whole || !m_last_list) return;
    pugi::xml_node text = m_last_source.last_child();
    std::ptrdiff_t at = text ? text.offset_debug() : m_last_source.offset_debug();
    bool cdata = text && text.type() == pugi::node_cdata;
    // Offsets are into the buffer pugixml read; for UTF-16 or Latin-1 that was a converted copy,
    // so there the entry is dropped whenever the document broke off.
    bool complete = at >= 0 && !m_converted &&
                    m_input.find(cdata ? "]]>" : "<", static_cast<std::size_t>(at)) != std::string_view::npos;
    if (!complete) m_last_list->pop_back();
  }

 private:
  std::string_view m_input;
  bool m_parsed_whole;
  bool m_converted;
  std::vector<std::string>* m_last_list = nullptr;
  pugi::xml_node m_last_source;
};

void read_xml(std::string_view xml, Sitemap& out) {
  pugi::xml_document doc;
  pugi::xml_parse_result result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  Reader reader(xml, result);
  pugi::xml_node root = doc.document_element();
  std::string_view kind = local_name(root);
  if (kind == "urlset" || kind == "sitemapindex") {
    for (pugi::xml_node entry : root.children()) {
      std::string_view name = local_name(entry);
      if (name != "url" && name != "sitemap") continue;
      pugi::xml_node loc = child(entry, "loc");
      reader.add(name == "url" ? out.pages : out.sitemaps, loc, text_of(loc));
    }
  } else if (kind == "rss" || kind == "RDF") {
    pugi::xml_node items = kind == "rss" ? child(root, "channel") : root;  // RSS 1.0: items at the top
    for (pugi::xml_node item : items.children())
      if (local_name(item) == "item") {
        pugi::xml_node link = child(item, "link");
        reader.add(out.pages, link, text_of(link));
      }
  } else if (kind == "feed") {
    for (pugi::xml_node entry : root.children()) {
      if (local_name(entry) != "entry") continue;
      for (pugi::xml_node link : entry.children()) {
        std::string_view rel = link.attribute("rel").value();
        if (local_name(link) == "link" && (rel.empty() || rel == "alternate")) {
          reader.add(out.pages, link, std::string(core::trim(link.attribute("href").value())));
          break;
        }
      }
    }
  }
  reader.drop_cut_entry();
}

void read_text(std::string_view text, bool cut, Sitemap& out) {
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos && cut) break;  // the last line may be cut short
    std::string_view line = core::trim(text.substr(0, newline));
    if (core::istarts_with(line, "http://") || core::istarts_with(line, "https://"))
      out.pages.emplace_back(line);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
}

}  // namespace

Sitemap parse_sitemap(std::string_view body, std::size_t max_bytes) {
  Sitemap out;
  try {
    std::string gunzipped;
    std::string_view text = body;
    bool cut = false;
    if (is_gzip(body)) {
      // Members in a row, capped; a broken stream keeps what inflated before the damage.
      cut = inflate_content("gzip", body, gunzipped, max_bytes) != DecodeStatus::ok;
      text = gunzipped;
    } else if (text.size() > max_bytes) {
      text = text.substr(0, max_bytes);
      cut = true;
    }
    std::string_view start = text;
    if (start.starts_with("\xEF\xBB\xBF")) start.remove_prefix(3);
    while (!start.empty() && core::is_space_byte(static_cast<unsigned char>(start.front()))) start.remove_prefix(1);
    bool utf16 = text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF");
    if (utf16 || start.starts_with('<'))
      read_xml(text, out);  // pugixml reads the BOM and the declared encoding itself
    else
      read_text(start, cut, out);
  } catch (...) {  // std::bad_alloc from a huge body: what was read so far stands
  }
  return out;
}

}  // namespace salvage::fetch
