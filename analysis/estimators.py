"""The scikit-learn estimator contract of the stages, without importing scikit-learn up front.

The stateful parts of the pipeline (:class:`~analysis.topics.TopicLabeler`,
:class:`~analysis.tone.ToneScorer`, :class:`~analysis.actors.Actors`,
:class:`~analysis.cues.StanceCues`) follow scikit-learn's contract: ``__init__`` stores its
parameters, ``fit`` compiles, the other methods raise
:class:`sklearn.exceptions.NotFittedError` before ``fit``; ``get_params``, ``set_params``,
``clone`` and ``Pipeline`` work on them.

Importing scikit-learn costs about 0.7 s and 65 MB in every process, and the ``label`` command
(each of its worker processes too) needs none of it. So :class:`Estimator` does not subclass
:class:`sklearn.base.BaseEstimator`: it calls that class's own methods, imported on first use
(``get_params``, ``set_params``, ``fit_transform``, the tags), and
:func:`not_fitted` builds scikit-learn's own error when it is raised. Nothing of scikit-learn is
written again here.
"""

from __future__ import annotations

__all__ = ["Estimator", "Transformer", "not_fitted", "check_fitted"]


class Estimator:
    """A base class for estimators with scikit-learn's parameter handling (see the module
    docstring): the parameters are the arguments of ``__init__``, stored under their names.

    Examples
    --------
    >>> class Scaler(Estimator):
    ...     def __init__(self, factor=2.0):
    ...         self.factor = factor
    >>> Scaler(3.0).get_params(), Scaler().set_params(factor=4.0).factor
    ({'factor': 3.0}, 4.0)
    """

    @classmethod
    def _get_param_names(cls) -> list[str]:
        from sklearn.base import BaseEstimator

        return BaseEstimator._get_param_names.__func__(cls)

    def get_params(self, deep: bool = True) -> dict:
        """The parameters of this estimator (:meth:`sklearn.base.BaseEstimator.get_params`)."""
        from sklearn.base import BaseEstimator

        return BaseEstimator.get_params(self, deep=deep)

    def set_params(self, **params):
        """Set parameters (:meth:`sklearn.base.BaseEstimator.set_params`); returns the estimator."""
        from sklearn.base import BaseEstimator

        return BaseEstimator.set_params(self, **params)

    def __sklearn_tags__(self):
        """scikit-learn's tags of an estimator (:meth:`sklearn.base.BaseEstimator.__sklearn_tags__`)."""
        from sklearn.base import BaseEstimator

        return BaseEstimator.__sklearn_tags__(self)

    def __repr__(self) -> str:
        params = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._get_param_names())
        return f"{type(self).__name__}({params})"


class Transformer(Estimator):
    """An :class:`Estimator` with ``fit_transform`` (:meth:`sklearn.base.TransformerMixin.fit_transform`)."""

    def fit_transform(self, X, y=None, **fit_params):
        """``fit`` then ``transform`` (:meth:`sklearn.base.TransformerMixin.fit_transform`)."""
        from sklearn.base import TransformerMixin

        return TransformerMixin.fit_transform(self, X, y, **fit_params)

    def __sklearn_tags__(self):
        """An estimator's tags, marked as a transformer (as :class:`sklearn.base.TransformerMixin` marks them)."""
        from sklearn.utils import TransformerTags

        tags = super().__sklearn_tags__()
        tags.transformer_tags = TransformerTags()
        return tags


def not_fitted(estimator, hint: str = "with appropriate arguments before using this estimator") -> Exception:
    """scikit-learn's :class:`~sklearn.exceptions.NotFittedError` for ``estimator``, to raise.

    Examples
    --------
    >>> type(not_fitted(Estimator())).__name__
    'NotFittedError'
    """
    from sklearn.exceptions import NotFittedError

    return NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' {hint}.")


def check_fitted(estimator, attribute: str) -> None:
    """Raise :func:`not_fitted` unless ``estimator`` has ``attribute`` (set by its ``fit``)."""
    if not hasattr(estimator, attribute):
        raise not_fitted(estimator)
