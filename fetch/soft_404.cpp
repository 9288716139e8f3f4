#include "fetch/soft_404.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>
#include <utility>

#include "core/text.hpp"

namespace salvage::fetch {

namespace {

using Words = std::vector<std::string>;

// A sentence or title segment as words: lower-cased (ASCII and Latin-1 capitals), typographic
// apostrophes as "'", punctuation as separators. `quoted` says whether it held quotation marks.
struct Sentence {
  Words words;
  bool question = false;
  bool quoted = false;
};

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '\'';
}

// Lower-cases ASCII and the Latin-1 capitals U+00C0..U+00DE (not U+00D7); U+2018/U+2019 -> "'".
std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == 0xC3 && i + 1 < text.size()) {
      auto d = static_cast<unsigned char>(text[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
      ++i;
    } else if (c == 0xE2 && text.compare(i, 3, "\xE2\x80\x99") == 0) {
      out += '\'';
      i += 2;
    } else if (c == 0xE2 && text.compare(i, 3, "\xE2\x80\x98") == 0) {
      out += '\'';
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Splits folded text into sentences at . ! ? | : ; and the dashes and bullets titles use.
std::vector<Sentence> sentences(std::string_view raw) {
  std::string text = fold(raw);
  // » « · • – — and " - " end a segment; curly double quotes and „ are quotation marks.
  static constexpr std::array<std::pair<std::string_view, char>, 10> k_marks{
      {{"\xC2\xBB", '|'},
       {"\xC2\xAB", '|'},
       {"\xC2\xB7", '|'},
       {"\xE2\x80\xA2", '|'},
       {"\xE2\x80\x93", '|'},
       {"\xE2\x80\x94", '|'},
       {" - ", '|'},
       {"\xE2\x80\x9C", '"'},
       {"\xE2\x80\x9D", '"'},
       {"\xE2\x80\x9E", '"'}}};
  for (const auto& [mark, as] : k_marks)
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + 1))
      text.replace(at, mark.size(), std::string(1, as));
  std::vector<Sentence> out(1);
  std::string word;
  auto flush_word = [&] {
    while (!word.empty() && word.front() == '\'') {
      out.back().quoted = true;
      word.erase(word.begin());
    }
    while (!word.empty() && word.back() == '\'') {
      out.back().quoted = true;
      word.pop_back();
    }
    if (!word.empty()) out.back().words.push_back(word);
    word.clear();
  };
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (word_byte(c)) {
      word += ch;
      continue;
    }
    flush_word();
    if (c == '"') out.back().quoted = true;
    if (c == '.' || c == '!' || c == '?' || c == '|' || c == ':' || c == ';') {
      out.back().question = c == '?';
      if (!out.back().words.empty()) out.emplace_back();
    }
  }
  flush_word();
  if (out.back().words.empty()) out.pop_back();
  return out;
}

bool contains_phrase(const Words& words, std::string_view phrase) {
  Words parts;
  for (std::size_t start = 0; start <= phrase.size();) {
    std::size_t space = phrase.find(' ', start);
    if (space == std::string_view::npos) space = phrase.size();
    parts.emplace_back(phrase.substr(start, space - start));
    start = space + 1;
  }
  return std::search(words.begin(), words.end(), parts.begin(), parts.end()) != words.end();
}

bool any_phrase(const Words& words, std::initializer_list<std::string_view> phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](std::string_view p) { return contains_phrase(words, p); });
}

bool has_word(const Words& words, std::initializer_list<std::string_view> set) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::find(set.begin(), set.end(), w) != set.end();
  });
}

// "Not found" and its translations: what an error-notice title names besides "404".
bool says_missing(const Words& w) {
  return any_phrase(w, {"not found", "nicht gefunden", "introuvable", "non trouvée", "non trouvé",
                        "no encontrada", "no encontrado", "non trovata", "non trovato",
                        "niet gevonden", "não encontrada", "não encontrado", "nie znaleziono"});
}

// A title segment or heading that is an error notice and nothing else: "404", "Error 404",
// "HTTP 404 - File Not Found", "Fehler 404", "Oops! Page not found".
bool error_notice(const Words& w) {
  static constexpr std::string_view k_vocabulary[] = {
      "404",       "error",    "page",       "not",        "found",  "http",        "file",
      "oops",      "sorry",    "the",        "status",     "code",   "document",    "url",
      "requested", "whoops",   "uh",         "oh",         "fehler", "seite",       "nicht",
      "gefunden",  "erreur",   "non",        "trouvée",    "trouvé", "introuvable", "página",
      "pagina",    "no",       "encontrada", "encontrado", "errore", "trovata",     "trovato",
      "niet",      "gevonden", "fout",       "não",        "erro",   "nie",         "znaleziono",
      "strona",    "strony",   "błąd"};
  if (w.empty()) return false;
  for (const std::string& word : w)
    if (std::find(std::begin(k_vocabulary), std::end(k_vocabulary), word) == std::end(k_vocabulary))
      return false;
  return std::find(w.begin(), w.end(), "404") != w.end() || says_missing(w);
}

// "The page you requested does not exist", "Diese Seite existiert nicht", "Page introuvable".
bool page_is_missing(const Sentence& s) {
  static constexpr std::string_view k_teaching[] = {
      "how",      "why",       "what",  "when",     "where",   "which",         "fix",
      "fixing",   "fixed",     "solve", "solving",  "solved",  "troubleshoot",  "troubleshooting",
      "resolve",  "resolving", "avoid", "avoiding", "prevent", "understanding", "guide",
      "tutorial", "re",        "fw",    "fwd"};
  if (s.question || s.quoted || s.words.empty()) return false;
  if (std::find(std::begin(k_teaching), std::end(k_teaching), s.words.front()) !=
      std::end(k_teaching))
    return false;
  bool subject = has_word(
      s.words, {"page",    "webpage",  "url",      "link",     "address",   "article", "post",
                "content", "resource", "seite",    "webseite", "artikel",   "beitrag", "adresse",
                "lien",    "página",   "artículo", "enlace",   "dirección", "pagina",  "articolo",
                "artigo",  "endereço", "strona",   "strony",   "artykuł",   "artykułu"});
  if (!subject) return false;
  return says_missing(s.words) || any_phrase(s.words, {"cannot be found",
                                                       "can't be found",
                                                       "can not be found",
                                                       "could not be found",
                                                       "couldn't be found",
                                                       "could not find",
                                                       "couldn't find",
                                                       "no longer available",
                                                       "no longer exists",
                                                       "doesn't exist",
                                                       "does not exist",
                                                       "has been removed",
                                                       "has been deleted",
                                                       "existiert nicht",
                                                       "nicht mehr verfügbar",
                                                       "n'existe pas",
                                                       "n'existe plus",
                                                       "n'est plus disponible",
                                                       "no existe",
                                                       "ya no está disponible",
                                                       "no se encontró",
                                                       "no se ha encontrado",
                                                       "non esiste",
                                                       "non è più disponibile",
                                                       "bestaat niet",
                                                       "niet meer beschikbaar",
                                                       "não existe",
                                                       "não está mais disponível",
                                                       "nie istnieje",
                                                       "nie została znaleziona"});
}

std::string lead(std::string_view text, std::size_t words) {
  std::size_t i = 0, count = 0;
  while (i < text.size() && count < words) {
    std::size_t space = text.find(' ', i);
    if (space == std::string_view::npos) return std::string(text);
    ++count;
    i = space + 1;
  }
  return std::string(text.substr(0, i));
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::optional<std::string> says_not_found(const PageText& page) {
  auto quote = [](std::string_view what, std::string_view text) {
    return std::string(what) + " says \"" + std::string(text.substr(0, 120)) + "\"";
  };
  auto title = sentences(page.title);
  bool reply = !title.empty() && has_word({title.front().words.front()}, {"re", "fw", "fwd"});
  for (const Sentence& s : title)
    if (!reply && (error_notice(s.words) || page_is_missing(s))) return quote("title", page.title);
  for (const Sentence& s : sentences(page.heading))
    if (error_notice(s.words) || page_is_missing(s)) return quote("heading", page.heading);
  std::string start = lead(page.text, k_lead_words);
  for (const Sentence& s : sentences(start))
    if (page_is_missing(s)) return quote("text", start);
  return std::nullopt;
}

TextPrint text_print(std::string_view text) {
  TextPrint print;
  Words words;
  std::string folded = fold(text);
  std::string_view rest = folded;
  while (!rest.empty()) {
    std::size_t space = rest.find(' ');
    std::string_view chunk = rest.substr(0, space);
    rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
    // A path or URL is often the requested one, echoed back: it says nothing about the page.
    if (chunk.find('/') != std::string_view::npos) continue;
    std::string word;
    for (char ch : chunk) {
      auto c = static_cast<unsigned char>(ch);
      if (c >= '0' && c <= '9') continue;  // counters, dates and timings differ between answers
      if (word_byte(c) && c != '\'') {
        word += ch;
      } else if (!word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  print.words = words.size();
  std::size_t n = std::min<std::size_t>(3, words.size());
  for (std::size_t i = 0; n > 0 && i + n <= words.size(); ++i) {
    std::uint64_t h = fnv1a("");
    for (std::size_t k = 0; k < n; ++k) h = fnv1a(words[i + k], fnv1a(" ", h));
    print.shingles.push_back(h);
  }
  std::sort(print.shingles.begin(), print.shingles.end());
  print.shingles.erase(std::unique(print.shingles.begin(), print.shingles.end()),
                       print.shingles.end());
  return print;
}

double similarity(const TextPrint& a, const TextPrint& b) {
  if (a.shingles.empty() && b.shingles.empty()) return 1.0;
  std::vector<std::uint64_t> common;
  std::set_intersection(a.shingles.begin(), a.shingles.end(), b.shingles.begin(), b.shingles.end(),
                        std::back_inserter(common));
  std::size_t all = a.shingles.size() + b.shingles.size() - common.size();
  return static_cast<double>(common.size()) / static_cast<double>(all);
}

bool same_as_probe(const TextPrint& page, const TextPrint& probe, double* score) {
  double s = similarity(page, probe);
  if (score) *score = s;
  if (probe.words < k_min_probe_words) return false;
  std::vector<std::uint64_t> fresh;
  std::set_difference(page.shingles.begin(), page.shingles.end(), probe.shingles.begin(),
                      probe.shingles.end(), std::back_inserter(fresh));
  return s >= k_min_similarity && fresh.size() <= k_max_new_shingles;
}

std::string probe_folder(std::string_view path) {
  if (path.empty() || path.front() != '/') return "/";
  std::size_t slash = path.find('/', 1);
  if (slash == std::string_view::npos || slash == 1) return "/";
  return std::string(path.substr(0, slash + 1));
}

}  // namespace salvage::fetch
