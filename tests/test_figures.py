"""figures/ is what the main command regenerates, byte for byte; every figure has content."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config import FIGURES_DIR, SEEDS_DIR
from analysis.figures import FIGURE_NAMES, build_figures, make_figures
from analysis.pipeline import analyse


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    written, report = make_figures(SEEDS_DIR, out)
    return out, written, report


def test_main_command_regenerates_figures_byte_for_byte(regenerated):
    out, written, report = regenerated
    assert [p.name for p in written] == list(FIGURE_NAMES)
    assert report.empty
    for name in FIGURE_NAMES:
        assert (out / name).read_bytes() == (FIGURES_DIR / name).read_bytes(), (
            f"figures/{name} differs from what `make figures` writes: regenerate and commit it")


def test_figures_folder_holds_exactly_the_figures():
    assert sorted(p.name for p in FIGURES_DIR.glob("*.png")) == sorted(FIGURE_NAMES)


def test_seed_figures_show_what_the_seed_holds():
    figures = build_figures(analyse(SEEDS_DIR), n_boot=50)
    emphasis = figures["topic_emphasis.png"].axes[0]
    assert emphasis.get_title() == "Topic emphasis (1 document)"
    assert [t.get_text() for t in emphasis.get_yticklabels()] == ["health", "trade", "politics", "investment",
                                                                  "no topic"]
    widths = [p.get_width() for p in emphasis.patches]
    assert max(widths) == widths[2]  # politics leads the seed
    flow = figures["topic_flow.png"].axes[0]
    assert [t.get_text() for t in flow.get_yticklabels()][0] == "title"
    assert len(flow.get_yticklabels()) == 11  # the title and 10 paragraphs
    stance = figures["stance_matrix.png"].axes[0]
    speakers = [t.get_text() for t in stance.get_yticklabels()]
    assert "Kassym-Jomart Tokayev" in speakers and "Wang Yi" in speakers
    overview = figures["corpus_overview.png"]
    assert "No load problems" in " ".join(t.get_text() for ax in overview.axes for t in ax.texts)


def test_figures_of_a_dated_multi_document_corpus(tmp_path):
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(6)],
        "date": ["2021-01-05", "2021-02-10", "2021-03-15", "2021-04-20", "2021-05-25", "2021-06-30"],
        "text": ["Tariffs on steel exports rose, the minister said.",
                 "The vaccine campaign reached rural hospitals.",
                 "Parliament passed the election reform.",
                 "Foreign investors bought bank shares.",
                 "The weather was mild and the harvest was good.",
                 "Trade talks with the European Union resumed."],
    }).to_csv(corpus, index=False)
    written, report = make_figures(corpus, tmp_path / "out")
    assert [p.name for p in written] == list(FIGURE_NAMES)
    assert all(p.stat().st_size > 5000 for p in written)


def test_default_folder_is_figures_only_for_the_seed(tmp_path, monkeypatch):
    from analysis.figures import default_figures_dir

    monkeypatch.chdir(tmp_path)
    assert default_figures_dir(SEEDS_DIR) == FIGURES_DIR
    assert default_figures_dir(str(SEEDS_DIR) + "/") == FIGURES_DIR
    assert default_figures_dir("elsewhere/news.csv") == tmp_path / "figures-news"
    (tmp_path / "my_corpus").mkdir()
    assert default_figures_dir("my_corpus") == tmp_path / "figures-my_corpus"


def _tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"doc_id": ["a"], "text": ["Tariffs on steel exports rose."]}).to_csv(corpus, index=False)
    return corpus


def test_a_failed_figures_run_leaves_every_old_figure(tmp_path, monkeypatch):
    from analysis import plots
    from analysis.outputs import OutputError

    out = tmp_path / "figs"
    out.mkdir()
    for name in FIGURE_NAMES:
        (out / name).write_bytes(b"old " + name.encode())
    real, calls = plots.save_figure, []

    def failing(fig, path):  # the disk fills up while the third figure is written
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(fig, path)

    monkeypatch.setattr(plots, "save_figure", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        make_figures(_tiny_corpus(tmp_path), out)
    assert all((out / name).read_bytes() == b"old " + name.encode() for name in FIGURE_NAMES)
    assert sorted(p.name for p in out.iterdir()) == sorted(FIGURE_NAMES)  # no temporary file left
    assert all(p.name.startswith(".") and p.parent == out for p in calls)  # written beside, then renamed


def test_make_figures_without_out_writes_beside_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written, _ = make_figures(_tiny_corpus(tmp_path))
    assert {p.parent for p in written} == {tmp_path / "figures-corpus"}
