"""The examples in the docstrings of the modules below run and say what they show (pytest
does not collect doctests here: a wrong example stayed unnoticed, e.g. queries/catalog.py's)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["sekg.api.execute", "sekg.cli", "sekg.graph.answers", "sekg.graph.provenance",
           "sekg.graph.build", "sekg.graph.statistics",
           "sekg.queries.catalog", "sekg.queries.params", "sekg.queries.results",
           "sekg.queries.syntax", "sekg.viz.views"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed
