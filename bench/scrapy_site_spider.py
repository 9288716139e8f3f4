"""Scrapy baseline for the pipeline benchmark (bench/pipeline_bench.sh).

Crawls the site that bench/make_site.py generates (--linked), follows every in-site link and
extracts from each Q&A page the fields salvage extracts (docs/record.md): url, breadcrumb, title,
date_raw, question, answer, question_signature, answer_signature, asker, expert, links,
internal_links. The selectors are written for the templates of the generated site, one set per
site section (the folder names of fixtures/site: aspnet, classic-table, cms-blog, ...), the way a
Scrapy user scrapes a site whose sections were built with different tools.

Run: /usr/bin/python3 -m scrapy runspider bench/scrapy_site_spider.py -a start=URL -O out.jsonl
Options: -a extract=0 (crawl only: follow links, yield nothing), -a stats=FILE (write the crawl
stats as JSON when done), -a dedupe=0 (leave duplicate links to the scheduler's filter alone).
Concurrency is 8, salvage's --per-host 8 (change it with -s CONCURRENT_REQUESTS=N
-s CONCURRENT_REQUESTS_PER_DOMAIN=N); -s CONCURRENT_ITEMS=100 restores Scrapy's default.
"""
import json
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.utils.response import get_base_url

# ---------------------------------------------------------------------------------------------
# Flattening an element into lines: block elements end a paragraph, <br> ends a line, <pre>
# keeps its line breaks. A link is marked in the text as \x01N\x02 anchor text \x03 (N: its index
# in the list of (href, text) pairs), so that each section finds its own links.

BLOCK = frozenset("p div li dd dt tr td th blockquote h1 h2 h3 h4 h5 h6 ul ol dl table pre "
                  "center form hr address tbody thead body".split())
SKIP = frozenset("script style noscript iframe select option textarea head title object "
                 "embed button input".split())
MARK = re.compile("\x01(\\d+)\x02|\x03")
ANCHOR = re.compile("\x01(\\d+)\x02([^\x01\x03]*)\x03?")
WS = re.compile(r"[ \t\r\f\v\u00a0]+")
# libxml2 keeps Word's downlevel-revealed conditionals (<![if !supportLists]>) as text and maps
# &#146; to U+0092; HTML5 (and salvage) drop the former and read the latter as windows-1252.
MSO_COND = re.compile(r"<!\[(?:end)?if[^\]]*\]>")
C1 = {c: bytes([c]).decode("cp1252", "ignore") or chr(c) for c in range(0x80, 0xA0)}


def flatten(root, links):
    """Returns the element's text as a list of lines ('' marks a paragraph break)."""
    parts = []

    def walk(el, pre):
        tag = el.tag
        if isinstance(tag, str):
            tag = tag.lower()
            if tag not in SKIP:
                block = tag in BLOCK
                if block:
                    parts.append("\n\n")
                if tag == "br":
                    parts.append("\n")
                elif tag == "img":
                    alt = el.get("alt")
                    if alt in ("Question", "Answer"):  # label images (frontpage)
                        parts.append("\n\n%s\n\n" % alt)
                is_link = tag == "a" and el.get("href")
                if is_link:
                    links.append((el.get("href"), el.text_content()))
                    parts.append("\x01%d\x02" % (len(links) - 1))
                inner = pre or tag == "pre"
                if el.text:
                    parts.append(el.text if inner else el.text.replace("\n", " "))
                for child in el:
                    walk(child, inner)
                if is_link:
                    parts.append("\x03")
                if block:
                    parts.append("\n\n")
        if el.tail:
            parts.append(el.tail if pre else el.tail.replace("\n", " "))

    walk(root, False)
    lines = []
    text = "".join(parts).translate(C1)
    if "<![" in text:
        text = MSO_COND.sub("", text)
    for line in text.split("\n"):
        line = WS.sub(" ", line).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines


ANY_WS = re.compile(r"\s+")


def norm(text):
    return ANY_WS.sub(" ", (text or "").translate(C1)).strip()


# ---------------------------------------------------------------------------------------------
# Sections, sign-offs, names

CLOSING = re.compile(r"^(?:(?:kind|warm|best|warmest)\s+regards|regards|with regard|"
                     r"thanks(?: in advance| so much)?|thank you|sincerely|best wishes|"
                     r"all the best|yours in health|cheers|good luck)\s*[,.!]?$", re.I)
GREETING = re.compile(r"^(?i:dear|hello|hi)\b,?\s*((?:(?:mr|mrs|ms|dr)\.\s+)?[A-Z][\w.\-]*"
                      r"(?:\s+[A-Z][\w.\-]*)?)\s*,")
BARE_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"]+", re.I)
NAME_LINE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]*\.?)?$")


def split_signoff(lines, name_signoff=False):
    """Splits the sign-off block (closing line, name, title line) off the end of a section."""
    idx = [i for i, l in enumerate(lines) if l]
    if name_signoff and len(idx) > 1 and NAME_LINE.match(lines[idx[-1]]) and not lines[idx[-1] - 1]:
        return lines[:idx[-1]], [lines[idx[-1]]]
    for pos in idx[-4:]:
        line = lines[pos]
        if CLOSING.match(line) and pos != idx[-1]:  # a closing phrase, then the name
            return lines[:pos], [l for l in lines[pos:] if l]
        if line.startswith("-- ") and len(line) > 3 and pos == idx[-1]:  # "-- Dr. Mira Patel"
            return lines[:pos], [line]
    return lines, []


def to_text(lines):
    paras, cur = [], []
    for line in lines:
        if line:
            cur.append(line)
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    text = MARK.sub("", "\n\n".join(paras)).strip()
    return text or None


class Family:
    """Selectors and label patterns of one site section's templates."""

    def __init__(self, title, q_label, a_label, stop, skip=None, date=None, crumbs=None,
                 container="//body", q_xpath=None, a_xpath=None, title_strip=None,
                 quote_markers=False, unlabelled_question=False, meta=None, name_signoff=False,
                 crumb_line=None):
        self.title = title
        self.title_strip = re.compile(title_strip) if title_strip else None
        self.q_label = re.compile(q_label)
        self.a_label = re.compile(a_label)
        self.stop = re.compile(stop)
        self.skip = re.compile(skip) if skip else None
        self.date = date or []
        self.crumbs = crumbs
        self.container = container
        self.q_xpath, self.a_xpath = q_xpath, a_xpath
        self.quote_markers = quote_markers
        self.unlabelled_question = unlabelled_question
        self.meta = re.compile(meta) if meta else None
        self.crumb_line = re.compile(crumb_line) if crumb_line else None
        self.name_signoff = name_signoff  # a name alone after the last paragraph signs off


LBL = r"(?::\s*(?P<rest>.*)|\s*$)"  # a label alone on its line, or "Label: text"
DATE_LINE = r"^(?:Posted(?: on)?:?|Date:)\s*(?P<date>.+)$"

FAMILIES = {
    "classic-table": Family(
        title=["(//font[@size='4']/b)[1]"],
        crumbs="(//font[a][contains(., '>')])[1]",
        date=[("(//font[@size='4']/b)[1]/ancestor::font[1]/following-sibling::font[1]",
               r"^(?P<date>\d[\d/ :.]*(?:[AP]M)?)$")],
        container="(//b[normalize-space()='Question']/ancestor::table[1])[1]",
        q_label=r"^Question$", a_label=r"^Answer$", stop=r"^(?:Related questions|Back to top)"),
    "div-css": Family(
        title=["//div[@id='main']/h1"],
        crumbs="//div[@class='crumbs'] | //ul[@class='breadcrumb']",
        date=[("//*[@class='posted']", DATE_LINE)],
        container="//div[@id='main']",
        q_label=r"^Question$", a_label=r"^Answer$",
        stop=r"^(?:Share this answer|Back to top|Related questions)"),
    "aspnet": Family(
        title=["//div[@id='content']/*[self::h1 or self::h2][1]"],
        crumbs="//div[@id='breadcrumb']",
        date=[("//*[contains(@class,'qa-meta')][starts-with(normalize-space(),'Asked')]",
               r"^Asked (?:by .+? )?on (?P<date>.+?)(?: · Answered by .*)?$")],
        container="//div[@id='content']",
        q_label=r"^(?:Your Question|The Question|Q:)$",
        a_label=r"^(?:Expert Answer|Our Answer|A:)$",
        stop=r"^(?:Was this answer helpful|Related [Qq]uestions|More questions|Answers are general|"
             r"Share on Facebook|\d+% of readers)",
        skip=r"^(?:Asked by|Answered by|Asked on)",
        meta=r"(?:Asked by (?P<asker>.+?) on|Answered by (?P<expert>.+?)$)",
        q_xpath="//div[contains(@class,'qa-question')]", a_xpath="//div[contains(@class,'qa-answer')]"),
    "cms-blog": Family(
        title=["//h2[contains(@class,'entry-title') or @class='title']/a"],
        title_strip=r"\s*\|\s*Bone Health\s*$",
        crumbs="//div[@class='breadcrumb' or @id='breadcrumbs']",
        date=[("//*[contains(@class,'postmeta') or @class='meta' or contains(@class,'entry-date') "
               "or @class='submitted'][1]",
               r"^(?:Posted on|Submitted by \S+ on)\s+(?P<date>.+?)(?: by \S+.*)?(?: · .*)?$")],
        container="(//div[starts-with(@id,'post-') or starts-with(@id,'node-')]"
                  "//div[contains(concat(' ', @class, ' '), ' entry ') or @class='entry-content'"
                  " or @class='storycontent' or contains(concat(' ', @class, ' '), ' content ')])[1]",
        q_label=r"^(?:Reader question|Question)" + LBL + r"|^Question from .+$",
        a_label=r"^(?:Answer" + LBL + r"|Lawrence[’']s answer$)",
        stop=r"^(?:Share and Enjoy|Related posts|Filed under|Tags:)",
        unlabelled_question=True),
    "expert-forum": Family(
        title=["//h1[@class='maintitle'] | //h2[@class='topic' or @class='Topic']"],
        crumbs="(//span[@class='nav'][a[@class='nav']][contains(., '->')] | //div[@id='navbar'])[1]",
        date=[("(//*[contains(@class,'postdetails') or @class='date']"
               "[starts-with(normalize-space(),'Posted:')])[1]",
               r"^Posted: (?P<date>.+?)(?: Post subject:.*)?$")],
        q_label=r"^(?:(?P<who>.+) asks:|Question from (?P<who2>.+)|Question)$",
        a_label=r"^(?:(?P<who>.+) answers:|Answer by (?P<who2>.+)|Answer)$",
        stop=r"^(?:_{5,}|Back to top|This question has not been answered|All times are GMT)",
        skip=r"^Posted: ",
        q_xpath="//div[@class='question']", a_xpath="//div[@class='answer']"),
    "frontpage": Family(
        title=["//h2", "//p[@align='center']//font[@size='4']"],
        title_strip=r"^Bone Health - ",
        crumbs="(//font[@size='1'][a][contains(., '>')])[1]",
        date=[("//font[@size='1'][starts-with(normalize-space(),'Posted')]",
               r"^Posted(?: on)? (?P<date>.+)$"),
              ("//font[@size='1'][contains(., 'Last revised:')]",
               r"Last revised: (?P<date>.+?)\s*$")],
        q_label=r"^(?:Q\.|Question:)\s*(?P<rest>.*)$|^Question$",
        a_label=r"^(?:A\.|Answer:)\s*(?P<rest>.*)$|^Answer$",
        stop=r"^(?:Related Questions|See also|Back to the questions|Have a question\?|"
             r"Back to top|Last revised|Sponsor)",
        name_signoff=True),
    "mirror": Family(
        title=["//h2[@class='qtitle'] | //div[@id='main']/h1"],
        title_strip=r"^Bone Health - |\s*-\s*Bone Health.*$",
        crumbs="//td[@class='crumbs' or @class='trail'] | "
               "//div[@class='crumbs'] | //ul[@class='breadcrumb']",
        date=[("//*[@class='posted']",
               r"^(?:(?:Posted|Date):\s*)?(?P<date>.+)$")],
        q_label=r"^Question" + LBL, a_label=r"^Answer" + LBL,
        stop=r"^(?:Related questions|Other questions in this category|Sponsored links|Реклама|"
             r"Back to top|Privacy \||Copyright)"),
    "newsletter": Family(
        title=["//h1"],
        title_strip=r"^Bone Health Newsletter - ",
        date=[(None, r"^(?:Date:?)\s*:?\s*(?P<date>\w.+)$")],
        q_label=r"^(?:--- Question ---|QUESTION:|Question:|Q:\s*(?P<rest>.+))$",
        a_label=r"^(?:--- Answer ---|ANSWER:|Answer:|A:\s*(?P<rest>.+))$",
        stop=r"^--\s*$", quote_markers=True),
    "print": Family(
        title=["//h2"],
        title_strip=r"^Bone Health - ",
        crumb_line=r"^Bone Health > ",
        date=[(None, DATE_LINE)],
        q_label=r"^QUESTION" + LBL, a_label=r"^ANSWER" + LBL,
        stop=r"^(?:Printed from|Copyright|©)"),
    "word": Family(
        title=["//h1 | //h2"],
        crumbs="(//p[.//a][contains(., '>')])[1]",
        date=[("(//p/span[contains(@style,'font-size:9.0pt')])[1]",
               r"^(?:(?:Posted|Date):\s*)?(?P<date>.*\d.*)$")],
        q_label=r"^(?:Question|Q)" + LBL, a_label=r"^(?:Answer|A)" + LBL,
        stop=r"^(?:Related questions|Copyright|©|Back to top)"),
}
TITLE_LINE = re.compile(r"^Subject:\s*(?P<t>.+)$")


class SiteSpider(scrapy.Spider):
    name = "salvage_bench_site"
    custom_settings = {
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        # The scraper hands each response's output to CONCURRENT_ITEMS parallel Twisted
        # cooperative tasks (default 100), created per response even when it yields one item.
        # With no asynchronous item pipelines 1 loses nothing, and it saves more than half of
        # the spider's CPU time on this site.
        "CONCURRENT_ITEMS": 1,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "ROBOTSTXT_OBEY": False,        # salvage runs with --ignore-robots
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "RETRY_TIMES": 3,
        "DOWNLOAD_TIMEOUT": 120,
        "FEED_EXPORT_ENCODING": "utf-8",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, start=None, extract="1", stats=None, dedupe="1", *a, **kw):
        super().__init__(*a, **kw)
        self.start_urls = [start]
        self.host = urlsplit(start).netloc.lower()
        self.extract = extract not in ("0", "no", "false")
        self.stats_file = stats
        # Requests for URLs already requested are dropped here rather than built and handed to
        # the scheduler's duplicate filter (which still drops any that get through): each page
        # links to dozens of pages seen before, and a Request costs far more than a set lookup.
        self.seen = set(self.start_urls) if dedupe not in ("0", "no", "false") else None

    def closed(self, reason):
        if self.stats_file:
            stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                     for k, v in self.crawler.stats.get_stats().items()}
            with open(self.stats_file, "w") as f:
                json.dump(stats, f, indent=1, sort_keys=True)

    # -- crawling -------------------------------------------------------------------------
    def parse(self, response):
        if not hasattr(response, "xpath"):  # not text
            return
        base = get_base_url(response)
        for href in response.xpath("//a/@href").getall():
            url = urljoin(base, href.strip())
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc.lower() == self.host:
                url = urlunsplit(parts._replace(fragment=""))
                if self.seen is not None:
                    if url in self.seen:
                        continue
                    self.seen.add(url)
                yield scrapy.Request(url, self.parse)
        if self.extract:
            item = self.extract_record(response, base)
            if item is not None:
                yield item

    # -- extraction -----------------------------------------------------------------------
    def extract_record(self, response, base):
        path = urlsplit(response.url).path.strip("/").split("/")
        fam = FAMILIES.get(path[0]) if len(path) > 1 else None
        if fam is None or path[-1] == "index.html":
            return None
        sel = response.selector

        container = sel.xpath(fam.container)
        if not container:
            return None
        links = []
        lines = flatten(container[0].root, links)
        if fam.quote_markers:
            lines = [re.sub(r"^>\s?", "", l).strip() if l.startswith(">") else l for l in lines]
            lines = [l for i, l in enumerate(lines) if l or (i and lines[i - 1])]

        q_lines, a_lines, q_who, a_who = self.sections(fam, lines)
        if q_lines is None and fam.q_xpath:
            q_el, a_el = sel.xpath(fam.q_xpath), sel.xpath(fam.a_xpath)
            if q_el:
                q_lines = flatten(q_el[0].root, links)
            if a_el:
                a_lines = flatten(a_el[0].root, links)
        if not q_lines and not a_lines:
            return None

        q_lines, q_sig = split_signoff(q_lines or [], fam.name_signoff)
        a_lines, a_sig = split_signoff(a_lines or [])
        a_sig_raw = a_sig
        question, answer = to_text(q_lines), to_text(a_lines)
        if question is None and answer is None:
            return None

        title = None
        for xp in fam.title:
            t = norm(sel.xpath(xp).xpath("string()").get())
            if t:
                title = t
                break
        if not title:
            for l in lines[:40]:
                m = TITLE_LINE.match(l)
                if m:
                    title = m.group("t")
                    break
        if not title:
            title = norm(sel.xpath("//title").xpath("string()").get()) or None
            if title and fam.title_strip:
                title = fam.title_strip.sub("", title) or None

        date_raw = None
        for xp, rx in fam.date:
            cands = [norm(s) for s in sel.xpath(xp).xpath("string()").getall()] if xp else lines
            for c in cands:
                m = re.search(rx, c)
                if m:
                    date_raw = m.group("date").strip()
                    break
            if date_raw:
                break

        breadcrumb = None
        trail = None
        if fam.crumbs:
            el = sel.xpath(fam.crumbs)
            items = [norm(t) for t in el[:1].xpath("./li").xpath("string()").getall()]
            if items:
                breadcrumb = items
            else:
                trail = norm(el.xpath("string()").get())
        elif fam.crumb_line:
            trail = next((l for l in lines[:30] if fam.crumb_line.match(l)), None)
        if trail:
            trail = re.sub(r"^You are here:\s*", "", trail)
            items = [i for i in re.split(r"\s*(?:->|>>|>|»|›)\s*", trail) if i]
            breadcrumb = items if len(items) > 1 else None

        meta_asker = meta_expert = None
        if fam.meta is not None:
            for t in sel.xpath("//*[contains(@class,'qa-meta')]").xpath("string()").getall():
                m = fam.meta.search(norm(t))
                if m:
                    meta_asker = meta_asker or m.group("asker")
                    meta_expert = meta_expert or m.group("expert")
        q_sig = [MARK.sub("", l) for l in q_sig]
        a_sig = [MARK.sub("", l) for l in a_sig]
        asker = self.name_of(q_sig) or q_who or meta_asker or self.greeted(a_lines)
        expert = self.name_of(a_sig) or a_who or meta_expert or self.greeted(q_lines)

        out = self.links(links, q_lines, "question", base)
        a_links = self.links(links, a_lines + a_sig_raw, "answer", base)
        seen = {l["url"] for l in out}
        out += [l for l in a_links if l["url"] not in seen]
        page_host = self.host_of(response.url)
        ext = [l for l in out if self.host_of(l["url"]) != page_host]
        internal = [l for l in out if self.host_of(l["url"]) == page_host]
        return {
            "url": response.url,
            "breadcrumb": breadcrumb,
            "title": title,
            "date_raw": date_raw,
            "question": question,
            "answer": answer,
            "question_signature": "\n".join(q_sig) or None,
            "answer_signature": "\n".join(a_sig) or None,
            "asker": asker,
            "expert": expert,
            "links": ext,
            "internal_links": internal,
        }

    def sections(self, fam, lines):
        q_at = a_at = None
        q_who = a_who = None
        first_q = first_a = None
        for i, line in enumerate(lines):
            if not line:
                continue
            text = MARK.sub("", line)
            if q_at is None and a_at is None:
                m = fam.q_label.match(text)
                if m:
                    q_at, first_q = i, (m.groupdict().get("rest") or "")
                    q_who = m.groupdict().get("who") or m.groupdict().get("who2")
                    continue
            if a_at is None:
                m = fam.a_label.match(text)
                if m:
                    a_at, first_a = i, (m.groupdict().get("rest") or "")
                    a_who = m.groupdict().get("who") or m.groupdict().get("who2")
                    break
        if q_at is None and a_at is None:
            return None, None, None, None

        def region(start, first, end_label):
            out = [first] if first else []
            for line in lines[start + 1:]:
                text = MARK.sub("", line)
                if end_label is not None and end_label.match(text):
                    break
                if fam.stop.match(text):
                    break
                if fam.skip is not None and fam.skip.match(text):
                    continue
                out.append(line)
            while out and not out[0]:
                out.pop(0)
            while out and not out[-1]:
                out.pop()
            return out

        q_lines = a_lines = None
        if q_at is not None:
            q_lines = region(q_at, first_q, fam.a_label)
        elif fam.unlabelled_question and a_at is not None:
            q_lines = [l for l in lines[:a_at]]
            while q_lines and not q_lines[-1]:
                q_lines.pop()
        if a_at is not None:
            a_lines = region(a_at, first_a, None)
        return q_lines, a_lines, q_who, a_who

    @staticmethod
    def name_of(sig):
        if len(sig) >= 2:
            return MARK.sub("", sig[1]).strip() or None
        if len(sig) == 1 and sig[0].startswith("-- "):
            return sig[0][3:].strip()
        if len(sig) == 1 and NAME_LINE.match(sig[0]):
            return sig[0]
        return None

    @staticmethod
    def greeted(lines):
        for line in lines or []:
            if line:
                m = GREETING.match(MARK.sub("", line))
                return m.group(1) if m else None
        return None

    @staticmethod
    def host_of(url):
        host = urlsplit(url).netloc.lower()
        return host[4:] if host.startswith("www.") else host

    def links(self, anchors, lines, section, base):
        out, seen = [], set()

        def add(url, text):
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https", "ftp"):
                return
            url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                              parts.query, ""))
            if url not in seen:
                seen.add(url)
                out.append({"url": url, "text": norm(text), "section": section})

        for line in lines:
            for m in ANCHOR.finditer(line):
                href, text = anchors[int(m.group(1))]
                add(urljoin(base, href.strip()), text)
            for u in BARE_URL.findall(ANCHOR.sub(" ", line)):
                u = u.rstrip(".,;:!?)")
                add(u if "://" in u else "http://" + u, u)
        return out
