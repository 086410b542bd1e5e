"""Tests for analysis.estimators: the stages keep scikit-learn's estimator contract without
importing scikit-learn in the label command."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import get_tags
from sklearn.utils.validation import check_is_fitted

from analysis.actors import Actors
from analysis.cues import StanceCues
from analysis.estimators import Estimator, check_fitted, not_fitted
from analysis.tone import ToneScorer
from analysis.topics import TopicLabeler


def test_labelling_a_corpus_imports_no_scikit_learn(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text("doc_id,text\na,Wang Yi said the vaccine supplies would grow.\n", encoding="utf-8")
    code = ("import sys, runpy; sys.argv = ['analysis', 'label', sys.argv[1], '--out', sys.argv[2], '--jobs', '1']\n"
            "try:\n    runpy.run_module('analysis', run_name='__main__')\nexcept SystemExit as e:\n"
            "    assert not e.code, e.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'matplotlib')))")
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(tmp_path / "o.csv")], capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    assert out == "[]"
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("\n") == 2


@pytest.mark.parametrize("make", [lambda: TopicLabeler(plurals=False), lambda: ToneScorer(), lambda: Actors(),
                                  lambda: StanceCues({"coop": (0.5, ["support"], ["talks"])})])
def test_the_stages_keep_the_scikit_learn_contract(make):
    estimator = make()
    params = estimator.get_params()
    assert params and all(getattr(estimator, name) is value for name, value in params.items())
    twin = clone(estimator)
    assert type(twin) is type(estimator) and twin.get_params().keys() == params.keys()
    with pytest.raises(NotFittedError):
        check_is_fitted(estimator)
    assert estimator.fit() is estimator
    check_is_fitted(estimator)
    assert repr(estimator).startswith(type(estimator).__name__ + "(")


def test_transformers_have_the_tags_and_fit_transform_of_scikit_learn():
    texts = ["vaccine supplies arrived", "tariffs on steel"]
    labeler = TopicLabeler()
    assert get_tags(labeler).transformer_tags is not None and get_tags(Actors()).transformer_tags is None
    np.testing.assert_array_equal(labeler.fit_transform(texts), TopicLabeler().fit().transform(texts))


def test_set_params_and_the_not_fitted_error():
    class Scaler(Estimator):
        def __init__(self, factor=2.0):
            self.factor = factor

    scaler = Scaler()
    assert scaler.set_params(factor=3.0) is scaler and scaler.get_params() == {"factor": 3.0}
    with pytest.raises(ValueError):
        scaler.set_params(size=1)
    error = not_fitted(scaler)
    assert isinstance(error, NotFittedError) and "Scaler instance is not fitted yet" in str(error)
    with pytest.raises(NotFittedError):
        check_fitted(scaler, "weights_")
    scaler.weights_ = 1
    check_fitted(scaler, "weights_")
