"""Topic and stance analytics for news and official communication.

One module per pipeline stage: :mod:`~analysis.corpus` (load, validate),
:mod:`~analysis.text` (paragraphs, sentences, offsets), :mod:`~analysis.topics`
(taxonomy, labels, evidence), :mod:`~analysis.pipeline` and
:mod:`~analysis.cli` (``python -m analysis``), :mod:`~analysis.plots` and
:mod:`~analysis.figures`.
"""

__version__ = "0.1.0"
