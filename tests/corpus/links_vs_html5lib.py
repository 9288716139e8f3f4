#!/usr/bin/python3
"""Checks `salvage links` against an independent HTML5 parser (html5lib) on real pages.

Usage: links_vs_html5lib.py SALVAGE_BINARY [--strict] [--verbose] [DIR ...]

For every .html/.htm page under each DIR (default: the shared corpus html/ and linkcases/
folders) it runs `SALVAGE links FILE --url URL` and compares the printed list with the links
html5lib finds: <a href>/<area href> in the HTML namespace, in document order, <template>
contents left out, the first <base href> honoured, hrefs starting with '#' and javascript:/mailto:
ones left out, resolved WHATWG-style and deduplicated keeping the first.

The page URL is http://example.test/<dir name>/<path relative to DIR>: a fixed http URL rather
than file://, so that protocol-relative ("//cdn.example.org/x") and root-relative links resolve
to ordinary http URLs on both sides instead of exercising file-URL host rules.

Encoding: html5lib decides from the same bytes with the browser algorithm salvage follows (BOM,
<meta> prescan of 1024 bytes, a late <meta> makes it reparse, windows-1252 default). The one
intended difference: salvage runs a detector (uchardet) on undeclared pages where html5lib (no
chardet installed) falls back to windows-1252. When a page without any declaration disagrees,
the page is parsed again as UTF-8 (when its bytes are valid UTF-8); if that agrees, the
difference is reported as "detection (undeclared page)" and does not fail the run unless
--strict is given.

The Python resolver is urljoin plus the WHATWG details urljoin lacks, and the normalisation
salvage's curl-based resolver applies (see resolve()). Exit status: 0 all agree, 1 some
disagreement, 2 usage or salvage error, 77 skipped (no corpus, or html5lib missing).
"""

import os
import re
import subprocess
import sys
import urllib.parse

SKIP = 77


def import_html5lib():
    try:
        import html5lib  # noqa: F401  (Debian's python3-html5lib)
        return html5lib
    except ImportError:
        # A pyenv or venv python3 may come first on PATH; Debian's interpreter has the package.
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system):
            os.execv(system, [system] + sys.argv)
        print("SKIP: python3-html5lib is not installed")
        sys.exit(SKIP)


html5lib = import_html5lib()
from html5lib import _inputstream  # noqa: E402  (html5lib 1.1; used to tell how it decoded)

HTML_NS = "{http://www.w3.org/1999/xhtml}"
SPECIAL_SCHEMES = {"http", "https", "ftp", "ws", "wss", "file"}
# Default ports dropped on both sides; curl knows no ws/wss default, so ":80" stays there.
DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21"}
SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# WHATWG forbidden host code points (plus C0 controls and space): such hosts fail to parse.
FORBIDDEN_HOST = set(" #%/:<>?@[\\]^|\t\n\r") | {chr(c) for c in range(0x20)}
# Bytes curl and browsers percent-encode everywhere: controls, space, DEL and non-ASCII.
# Printable ASCII stays as written, '%' included (existing escapes are never re-encoded).
SAFE = "".join(chr(c) for c in range(0x21, 0x7F))

# Genuinely ambiguous cases, compared as they are but explained when they show up:
AMBIGUOUS = {
    "idn": "internationalised hosts: browsers convert them to punycode; salvage keeps Unicode "
    "(curl's punycode output depends on the process locale) and so does this script, "
    "lower-casing ASCII only",
    "dot-escapes": "'%2e%2e' path segments: WHATWG treats them as '..', curl and urljoin do not",
    "ipv4": "numeric hosts like 0x7f.1: WHATWG and curl rewrite them to dotted decimal, urljoin "
    "does not",
    "drive-letter": "file:///C:/... links: browsers accept them, curl rejects drive letters in "
    "file URLs on POSIX, so salvage leaves them out (dead links either way)",
}
# Not a difference between the two sides, but between both and a browser: WHATWG encodes the
# query of a link in a legacy-encoded page with that page's encoding ("?q=\u00e9" in a
# windows-1252 page becomes "%E9"); salvage works on UTF-8 text and so does this script ("%C3%A9").


def clean_href(href):
    """WHATWG input clean-up: strip C0 controls and spaces at both ends, drop tab/CR/LF."""
    href = re.sub(r"[\t\n\r]", "", href)
    return href.strip("".join(chr(c) for c in range(0x21)))


def excluded(href):
    href = clean_href(href)
    if href.startswith("#"):
        return True
    m = SCHEME_RE.match(href)
    return bool(m) and m.group(1).lower() in ("javascript", "mailto")


def upper_escapes(s):
    return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), s)


def remove_dot_segments(path):
    """RFC 3986 section 5.2.4 (urljoin applies it to relative references only)."""
    out = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            m = re.match(r"/?[^/]*", path)
            out.append(m.group(0))
            path = path[m.end():]
    return "".join(out)


def resolve(base, href):
    """WHATWG-like resolution; returns None when the result is not a valid URL."""
    href = clean_href(href).split("#", 1)[0]
    base = clean_href(base).split("#", 1)[0]
    base_scheme = (SCHEME_RE.match(base).group(1).lower()) if SCHEME_RE.match(base) else ""
    m = SCHEME_RE.match(href)
    if m:
        scheme, rest = m.group(1).lower(), href[m.end():]
        if scheme in SPECIAL_SCHEMES:
            head, sep, tail = rest.partition("?")
            rest = head.replace("\\", "/") + sep + tail
            if scheme != "file" and not rest.startswith("//"):
                href = rest if scheme == base_scheme else scheme + "://" + rest.lstrip("/")
            else:
                href = scheme + ":" + rest
        elif not rest.startswith("//"):
            return scheme + ":" + urllib.parse.quote(rest, safe=SAFE)  # opaque: mailto:, news:
    elif base_scheme in SPECIAL_SCHEMES:
        head, sep, tail = href.partition("?")
        href = head.replace("\\", "/") + sep + tail
        if href.startswith("//"):  # WHATWG skips any number of slashes before the host
            href = "//" + href.lstrip("/")
    if href and not SCHEME_RE.match(href) and href[0] not in "/?":
        # Merge a relative path with the base's directory here (RFC 3986 5.2.3): urljoin drops
        # empty segments ("a//b" becomes "a/b"), which neither WHATWG nor curl do.
        base_path = urllib.parse.urlsplit(base).path
        href = (base_path[: base_path.rfind("/") + 1] or "/") + href
    try:
        if href.startswith("?"):  # urljoin keeps the base query for a bare "?"; WHATWG does not
            joined = base.split("?", 1)[0] + href
        else:
            joined = urllib.parse.urljoin(base, href)
        parts = urllib.parse.urlsplit(joined)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:  # "http://[bad": invalid IPv6 literal, bad port
        return None
    scheme = parts.scheme.lower()
    if not scheme:
        return None
    host = parts.hostname or ""
    if scheme in SPECIAL_SCHEMES and scheme != "file" and not host:
        return None
    raw_host = parts.netloc.rpartition("@")[2]
    if not raw_host.startswith("[") and FORBIDDEN_HOST & set(host):
        return None
    netloc = parts.netloc
    if netloc:
        userinfo, at, hostport = netloc.rpartition("@")
        hostpart = hostport
        if port is not None and str(port) == DEFAULT_PORTS.get(scheme):
            hostpart = hostport.rsplit(":", 1)[0]
        elif hostport.endswith(":"):
            hostpart = hostport[:-1]
        lowered = "".join(c.lower() if c.isascii() else c for c in hostpart)
        netloc = userinfo + at + lowered
    path = parts.path
    if scheme in SPECIAL_SCHEMES or netloc:
        path = remove_dot_segments(path) if path else "/"
    path = urllib.parse.quote(path, safe=SAFE)
    query = urllib.parse.quote(parts.query, safe=SAFE)
    return upper_escapes(urllib.parse.urlunsplit((scheme, netloc, path, query, "")))


def walk(root):
    """Elements in document order, <template> contents skipped, iteratively."""
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions
        yield el
        if el.tag == HTML_NS + "template":
            continue
        stack.extend(reversed(list(el)))


def html5lib_links(data, page_url, override_encoding=None):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=True)
    kwargs = {"override_encoding": override_encoding} if override_encoding else {}
    root = parser.parse(data, useChardet=False, **kwargs)
    elements = list(walk(root))
    base = page_url
    for el in elements:
        if el.tag == HTML_NS + "base" and "href" in el.attrib:
            base = resolve(page_url, el.attrib["href"]) or page_url
            break
    links, seen = [], set()
    for el in elements:
        if el.tag not in (HTML_NS + "a", HTML_NS + "area") or "href" not in el.attrib:
            continue
        href = el.attrib["href"]
        if excluded(href):
            continue
        url = resolve(base, href)
        if url is not None and url not in seen:
            seen.add(url)
            links.append(url)
    return links, parser.tokenizer.stream.charEncoding[0].name


def declared_encoding(data):
    """How html5lib's own algorithm finds a declaration: 'bom', 'meta', 'late meta' or None."""
    stream = _inputstream.HTMLBinaryInputStream(data, useChardet=False)
    if stream.detectBOM():
        return "bom"
    if stream.detectEncodingMeta():
        return "meta"
    if re.search(rb"<meta[^>]+charset", data, re.I):
        return "late meta"
    return None


def salvage_links(binary, path, url):
    proc = subprocess.run([binary, "links", path, "--url", url], capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"salvage exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    return [line for line in proc.stdout.decode("utf-8").splitlines() if line]


def explain(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if not host.isascii():
        return AMBIGUOUS["idn"]
    if "%2e" in url.lower():
        return AMBIGUOUS["dot-escapes"]
    if re.fullmatch(r"[0-9x.]+", host) and "x" in host:
        return AMBIGUOUS["ipv4"]
    if re.match(r"file:///[A-Za-z][:|]", url):
        return AMBIGUOUS["drive-letter"]
    return ""


def diff(ours, theirs):
    lines = []
    for url in ours:
        if url not in theirs:
            lines.append(f"    only salvage:  {url}  {explain(url)}".rstrip())
    for url in theirs:
        if url not in ours:
            lines.append(f"    only html5lib: {url}  {explain(url)}".rstrip())
    if not lines:
        lines.append("    same links, different order")
    return lines


def pages(folder):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith((".html", ".htm")):
                yield os.path.join(dirpath, name)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    strict, verbose = "--strict" in argv, "--verbose" in argv
    if not args:
        print(__doc__)
        return 2
    binary, folders = args[0], args[1:]
    if not folders:
        shared = os.environ.get("SALVAGE_SHARED_DIR") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")
        folders = [os.path.join(shared, "corpus", "html"), os.path.join(shared, "corpus", "linkcases")]
    folders = [f for f in folders if os.path.isdir(f)]
    if not folders:
        print("SKIP: no corpus folder found")
        return SKIP
    if not os.access(binary, os.X_OK):
        print(f"error: {binary} is not an executable")
        return 2

    compared = agreed = explained = failed = links_total = 0
    for folder in folders:
        prefix = os.path.basename(os.path.normpath(folder))
        for path in pages(folder):
            rel = os.path.relpath(path, folder)
            url = "http://example.test/" + urllib.parse.quote(f"{prefix}/{rel}")
            with open(path, "rb") as f:
                data = f.read()
            try:
                ours = salvage_links(binary, path, url)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print(f"FAIL {prefix}/{rel}: {e}")
                failed += 1
                continue
            theirs, encoding = html5lib_links(data, url)
            compared += 1
            links_total += len(theirs)
            if ours == theirs:
                agreed += 1
                if verbose:
                    print(f"ok   {prefix}/{rel}: {len(ours)} links ({encoding})")
                continue
            declared = declared_encoding(data)
            if declared is None and encoding != "utf-8":
                try:
                    data.decode("utf-8")
                    as_utf8, _ = html5lib_links(data, url, override_encoding="utf-8")
                except UnicodeDecodeError:
                    as_utf8 = None
                if as_utf8 == ours:
                    explained += 1
                    print(f"note {prefix}/{rel}: detection (undeclared page): html5lib falls back "
                          f"to {encoding}, salvage detects UTF-8; as UTF-8 all {len(ours)} links agree")
                    if not strict:
                        continue
            failed += 1
            print(f"FAIL {prefix}/{rel}: salvage {len(ours)} links, html5lib {len(theirs)} "
                  f"(html5lib decoded as {encoding}, declaration: {declared or 'none'})")
            for line in diff(ours, theirs):
                print(line)

    print(f"{compared} pages compared, {links_total} html5lib links; {agreed} agree, "
          f"{explained} differ only by encoding detection, {failed} disagree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
