"""Topic and stance analytics for news and official communication.

One module per pipeline stage: :mod:`~analysis.corpus` (load, validate; it
decodes and repairs text with :mod:`~analysis.encoding` and reads table files with
:mod:`~analysis.tables`), :mod:`~analysis.text` (paragraphs, sentences, offsets),
:mod:`~analysis.words` (the word index), :mod:`~analysis.topics` (taxonomy, labels,
evidence), :mod:`~analysis.tone`, :mod:`~analysis.actors` (the actor file),
:mod:`~analysis.names` (named actors and what refers to them), :mod:`~analysis.speakers`
(who speaks), :mod:`~analysis.cues` and :mod:`~analysis.stance`, :mod:`~analysis.emphasis`,
:mod:`~analysis.pipeline` and :mod:`~analysis.cli` (``python -m analysis``, writing with
:mod:`~analysis.outputs`), :mod:`~analysis.plots` and :mod:`~analysis.figures`. Validation
on the user's own corpus: :mod:`~analysis.sheets` (the blind coding sheet) and
:mod:`~analysis.validation` (scores and corpus-level estimates).

The main entry points are importable from the package itself; each is loaded on
first use, so ``import analysis`` stays quick:

>>> import analysis
>>> a = analysis.analyse(analysis.SEEDS_DIR)
>>> a.doc_labels[["doc_id", "primary_topic"]].values.tolist()
[['000_8bbda963f57d3b5b', 'politics']]
"""

import importlib as _importlib

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported when the name is first used).
_EXPORTS = {
    # load
    "load_corpus": "corpus",
    "iter_corpus": "corpus",
    "documents_from_frame": "corpus",
    "CorpusError": "corpus",
    "LoadResult": "corpus",
    # label
    "analyse": "pipeline",
    "Analysis": "pipeline",
    "label_documents": "pipeline",
    "label_sentence_table": "pipeline",
    "Labelers": "pipeline",
    "split_sentences": "text",
    "load_taxonomy": "topics",
    "TaxonomyError": "topics",
    "load_actors": "actors",
    # summarise and draw
    "topic_emphasis": "emphasis",
    "measure_by": "emphasis",
    "coverage": "emphasis",
    "make_figures": "figures",
    "build_figures": "figures",
    # paths
    "SEEDS_DIR": "config",
    "TAXONOMY_PATH": "config",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up does not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
