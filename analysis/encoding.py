"""Bytes and text repair: decode a file's bytes, repair mojibake, the duplicate key.

One job: turn raw bytes into the text the later stages read. :func:`decode_bytes`
decodes UTF-8, UTF-16 (with its byte-order mark), cp1252 or latin-1;
:func:`repair_text` repairs mojibake (UTF-8 text that was once decoded as cp1252
or latin-1: ``Chinaâ€™s`` for ``China’s``) with `ftfy
<https://ftfy.readthedocs.io>`_; :func:`text_digest` is the key by which
duplicate documents are found. :mod:`analysis.corpus` uses them to load a corpus
(and re-exports the public names).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

__all__ = [
    "decode_bytes",
    "is_utf16",
    "looks_binary",
    "repair_text",
    "repair_example",
    "text_digest",
    "clean_surrogates",
]


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, falling back to cp1252 and then latin-1.

    Returns
    -------
    text, encoding : tuple of str
        The decoded text and the encoding that worked.

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if is_utf16(raw):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def is_utf16(raw: bytes) -> bool:
    """True for UTF-16 with its byte-order mark (what Excel's "Unicode text" writes).

    Examples
    --------
    >>> is_utf16("Trade".encode("utf-16")), is_utf16(b"Trade")
    (True, False)
    """
    return raw.startswith((b"\xff\xfe", b"\xfe\xff"))


def looks_binary(raw: bytes) -> bool:
    """True when the first 8 KiB hold a NUL byte or more than 10% control characters (not text).

    Examples
    --------
    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00"), looks_binary("Trade talks.".encode())
    (True, False)
    """
    head = raw[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and control / len(head) > 0.10


# --- mojibake repair and the duplicate key ---------------------------------------------------

# UTF-8 read as cp1252 or latin-1 turns each multi-byte character into a lead character
# (U+00C2..U+00F4) followed by a continuation byte read as latin-1 (U+0080..U+00BF) or as one of
# cp1252's printable characters of 0x80..0xBF. Text without such a pair has no mojibake of this
# family and skips ftfy.
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
               "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")
# What ftfy (with the config below) may change: such a pair, a C1 control character
# (fix_c1_controls) or a lone surrogate (fix_surrogates).
_NEEDS_FTFY = re.compile(_MOJIBAKE.pattern + "|[\u0080-\u009f\ud800-\udfff]")
_WORD_END = re.compile("[ \n]")
_FTFY_CONFIG = None


def _ftfy_config():
    """ftfy's encoding fixes only: no change to quotes, ligatures, widths, line breaks or HTML."""
    global _FTFY_CONFIG
    if _FTFY_CONFIG is None:
        import ftfy

        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
            fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False,
            normalization=None, explain=False)
    return _FTFY_CONFIG


@functools.lru_cache(maxsize=1 << 16)
def _repair_word(word: str) -> str:
    """ftfy's repair of one word (with its following space, which ftfy may read as a lost byte 0xA0)."""
    import ftfy

    return ftfy.fix_text(word, _ftfy_config())


def repair_text(text: str) -> str:
    """Repair mojibake (UTF-8 once decoded as cp1252 or latin-1) with ftfy.

    Only the encoding is fixed: quotes, ligatures, line breaks and the rest of
    the text are left as they are. Text without mojibake is returned unchanged
    (the same object).

    ftfy repairs each word that may need it (a run of characters between spaces
    and line breaks, with its following space): mojibake never spans a space,
    and a news corpus repeats the same few broken words (``donâ€™t``,
    ``â€œWe``), so each is repaired once. ftfy on a whole line costs about a
    millisecond per news article, mostly in its check for bad text.

    Examples
    --------
    >>> repair_text("Chinaâ€™s partners met in SÃ£o Paulo.")
    'China’s partners met in São Paulo.'
    >>> repair_text("China’s partners")
    'China’s partners'
    """
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    pieces = []
    done = 0
    for match in _NEEDS_FTFY.finditer(text):
        at = match.start()
        if at < done:
            continue  # in a word already repaired
        start = max(done, text.rfind(" ", done, at) + 1, text.rfind("\n", done, at) + 1)
        space = _WORD_END.search(text, match.end())
        end = len(text) if space is None else space.end() if space.group() == " " else space.start()
        pieces += (text[done:start], _repair_word(text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def repair_example(old: str, new: str) -> str:
    """The first word that a repair changed, before and after: ``'Chinaâ€™s' -> 'China’s'``.

    Examples
    --------
    >>> print(repair_example("Talks: Chinaâ€™s view", "Talks: China’s view"))
    'Chinaâ€™s' -> 'China’s'
    """
    i, high = 0, min(len(old), len(new))  # i: the length of the common start, found by halving
    while i < high:
        middle = (i + high + 1) // 2
        if old[:middle] == new[:middle]:
            i = middle
        else:
            high = middle - 1

    def word(text: str) -> str:
        start = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
        end = min([k for k in (text.find(" ", i), text.find("\n", i)) if k >= 0] or [len(text)])
        return text[start:end][:40]

    return f"{word(old)!r} -> {word(new)!r}"


def text_digest(text: str) -> bytes | None:
    """The key by which duplicate documents are found (None for an empty text).

    The text is Unicode-normalised (NFC), every run of white space (Unicode's)
    becomes one space, it is lower-cased, and the result is hashed (BLAKE2b, 16
    bytes): texts that differ only in white space, case or Unicode composition
    are duplicates.

    Examples
    --------
    >>> text_digest("Trade  talks\\nresumed.") == text_digest("trade talks resumed.")
    True
    >>> text_digest("Trade talks resumed.") == text_digest("Trade talks resumed!")
    False
    >>> text_digest(" \\n") is None
    True
    """
    # lower() rather than casefold(): the same but for a few letters (ß), and a fifth faster
    key = " ".join((text if text.isascii() else unicodedata.normalize("NFC", text)).lower().split())
    if not key:
        return None
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_surrogates(text: str) -> str:
    """Lone surrogates (from JSON escapes such as ``\\ud800``) cannot be written as UTF-8: U+FFFD.

    Examples
    --------
    >>> clean_surrogates("a\\ud800b") == "a\\ufffdb"
    True
    """
    return _SURROGATE.sub("\ufffd", text)
