#pragma once
// Soft 404s (issue 5): a 200 whose page says the thing linked to is not there. Two rules, both
// pure functions here; the link checker (fetch/link_checker.cpp) applies them.
//
//  - The words: the title or the first heading is an error notice ("404", "Error 404", "Page
//    Not Found", "Fehler 404"), or the title, the first heading or the first k_lead_words words
//    of the visible text say that the page (url, link, article, post, Seite, página, pagina,
//    strona ...) is not found / cannot be found / no longer available / does not exist, in
//    English, German, French, Spanish, Italian, Dutch, Portuguese or Polish. A sentence that asks
//    or teaches ("Why do I get page not found?", "How to fix ...") or quotes the phrase does not
//    count: pages about 404s are not 404s.
//  - The probe: the page is near-identical to the host's answer for a random path. Texts are
//    normalised (lower-cased, digits and anything with a "/" in it dropped: timings, counters
//    and the requested path echoed back, punctuation as space) and compared as sets of
//    3-word shingles: Jaccard >= 0.9 and at most k_max_new_shingles shingles the probe's answer
//    lacks (so a short article inside a big shared template is not taken for the template). A
//    probe answer under k_min_probe_words words compares with nothing: script-only pages (single
//    page applications) look alike whatever their path. A site's root and a folder's own index
//    page are never compared: they are what a catch-all host answers for unknown paths.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/page_text.hpp"

namespace salvage::fetch {

inline constexpr std::size_t k_lead_words = 40;
inline constexpr double k_min_similarity = 0.9;
inline constexpr std::size_t k_max_new_shingles = 20;
inline constexpr std::size_t k_min_probe_words = 8;

// Where and what the page says, e.g. "title says \"Page not found\"", or nullopt.
std::optional<std::string> says_not_found(const PageText& page);

struct TextPrint {
  std::vector<std::uint64_t> shingles;  // sorted, unique hashes of the 3-word shingles
  std::size_t words = 0;
};

// The print of a visible text (PageText::text).
TextPrint text_print(std::string_view text);

// Jaccard similarity of the shingle sets; 1 when both are empty.
double similarity(const TextPrint& a, const TextPrint& b);

// Whether `page` is the answer `probe` got for a random path (the rule above). `*score`, when
// given, gets the similarity.
bool same_as_probe(const TextPrint& page, const TextPrint& probe, double* score = nullptr);

// The folder a URL path is probed in: its top-level folder when it has one ("/soft/a/b" and
// "/soft/" -> "/soft/"), else the root ("/a.html", "/" -> "/"). Sites often answer unknown paths
// per section (a forum, a blog), so one probe per host and top-level folder.
std::string probe_folder(std::string_view path);

}  // namespace salvage::fetch
