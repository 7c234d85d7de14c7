"""From the bytes of a saved page or a text file to plain lines of text.

Bytes are decoded with charset detection, mojibake is repaired with ftfy ("Letâs" becomes
"Let's"), and HTML is reduced to its text with block elements on their own lines and page
furniture (navigation, headers, footers, scripts, forms, figure captions) left out.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

MAX_BYTES = 5 * 1024 * 1024
# Byte-order marks, longest first (UTF-32's begins like UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ArticleError(ValueError):
    """Input that is not an article: empty, binary, too large."""


def decode_bytes(data: bytes) -> str:
    """The text of ``data``, or ArticleError when it is empty, binary or over 5 MB."""
    if len(data) > MAX_BYTES:
        raise ArticleError("the file is over 5 MB, the most an article may be")
    if not data.strip():
        raise ArticleError("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ArticleError(f"the file says it is {encoding} but is not") from None
    if b"\0" in data[:8192]:
        raise ArticleError("the file is binary, not text or HTML")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detected(data)
    return text


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError("the file is binary, not text or HTML")
    return str(best)


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<body" in head or len(re.findall(r"<(?:p|div|h\d|li)\b", head)) >= 2


def repair(text: str) -> str:
    """Mojibake and odd characters repaired; a stray "â" left before a step removed."""
    import ftfy

    fixed = ftfy.fix_text(text, normalization="NFC")
    fixed = re.sub(r"^[ \t]*â(?=[A-Z])", "", fixed, flags=re.MULTILINE)
    return fixed.replace("\u00a0", " ").replace("\u200b", "")


_SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figcaption",
    "noscript",
    "svg",
    "button",
    "select",
    "template",
    "iframe",
}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "section",
    "article",
    "main",
    "blockquote",
    "dt",
    "dd",
    "table",
    "hr",
    "figure",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "track",
    "wbr",
}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self.parts.append("\n")
            return
        if self.skipping or tag in _SKIP or _is_furniture(attrs):
            self.skipping.append(tag)
            return
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in _HEADINGS or tag == "p" else "\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in _HEADINGS or tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


_FURNITURE_CLASS = re.compile(
    r"\b(?:nav|menu|sidebar|footer|header|breadcrumb|share|social|related|comment|advert|ad-|"
    r"cookie|newsletter|caption|wp-caption-text|testimonial)",
    re.IGNORECASE,
)


def _is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name in ("class", "id", "role") and value and _FURNITURE_CLASS.search(value):
            return True
    return False


def html_to_text(html: str) -> str:
    """The visible text of ``html``, one block per line, furniture left out."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def article_text(data: bytes | str) -> str:
    """Plain text of an article given as bytes or text, HTML or not, repaired."""
    text = decode_bytes(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise ArticleError("the file is empty")
    if looks_like_html(text):
        text = html_to_text(text)
    return repair(text)
