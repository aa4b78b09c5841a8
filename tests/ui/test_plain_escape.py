"""The tooltips' own markup escape writes what html.escape writes, for any text."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from belannot.ui.plain import escape_markup


@given(st.text(alphabet=st.sampled_from("&<>\"'a é\n;#x") | st.characters()))
def test_escape_markup_is_html_escape(text):
    assert escape_markup(text) == html.escape(text)
