"""Show evidence as HTML: sentences with their matched terms highlighted.

The article text is always escaped, so a corpus sentence that contains
``<script>`` or ``&`` shows as text, never as markup.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["highlight", "evidence_html"]


def highlight(text: str, spans: list[tuple[int, int, str]], *, colors: dict[str, str] | None = None) -> str:
    """Return ``text`` as escaped HTML with ``spans`` (start, end, topic) marked.

    Overlapping spans keep the first (leftmost, then longest); offsets are into
    ``text``.

    Examples
    --------
    >>> highlight("<b>Tariffs</b> & trade", [(3, 10, "trade")], colors={"trade": "#d95f02"})
    '&lt;b&gt;<mark style="background:#d95f0233" title="trade">Tariffs</mark>&lt;/b&gt; &amp; trade'
    """
    colors = colors or {}
    out, pos = [], 0
    for start, end, topic in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or not 0 <= start < end <= len(text):
            continue
        color = colors.get(topic, "#ffd54f")
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark style="background:{html.escape(color)}33" title="{html.escape(topic)}">'
                   f"{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def evidence_html(labels: pd.DataFrame, evidence: pd.DataFrame, *, doc_id: str,
                  colors: dict[str, str] | None = None, columns: tuple[str, ...] = ("topics", "speaker", "tone", "stance")) -> str:
    """An HTML table of one document's sentences with topic evidence highlighted.

    Parameters
    ----------
    labels : pandas.DataFrame
        Sentence labels (``doc_id``, ``sent_id``, ``start``, ``text`` and ``columns``).
    evidence : pandas.DataFrame
        :func:`analysis.topics.topic_evidence` (offsets into the document text).
    doc_id : str
        The document to show.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "start": [0], "text": ["Trade & <tariffs>"],
    ...                        "topics": ["trade"]})
    >>> ev = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "topic": ["trade"], "start": [0], "end": [5]})
    >>> "&amp; &lt;tariffs&gt;" in evidence_html(labels, ev, doc_id="a", columns=("topics",))
    True
    """
    rows = labels[labels["doc_id"] == doc_id]
    ev = evidence[evidence["doc_id"] == doc_id]
    shown = [c for c in columns if c in rows.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ["#", "sentence"] + shown)
    body = []
    for row in rows.itertuples(index=False):
        mine = ev[ev["sent_id"] == row.sent_id]
        spans = [(a - row.start, b - row.start, t) for a, b, t in zip(mine["start"], mine["end"], mine["topic"])]
        cells = [str(row.sent_id), highlight(row.text, spans, colors=colors)]
        for c in shown:
            value = getattr(row, c)
            cells.append(html.escape(f"{value:+.2f}" if isinstance(value, float) else str(value)))
        body.append("<tr>" + "".join(f'<td style="text-align:left">{c}</td>' for c in cells) + "</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
