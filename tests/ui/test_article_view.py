"""ArticleView driven with real mouse and key events: selections, spans, search, code points."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCursor
from PySide6.QtWidgets import QMainWindow

from belannot.core.model import DEFAULT_LABELS, Span, SpanStatus
from belannot.ui.offsets import OffsetMap
from belannot.ui.widgets.article_painter import UNDERLINE_GAP
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.find_bar import FindBar
from belannot.ui.widgets.span_highlighter import SPAN_IDS_PROPERTY

ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def span(span_id: str, start: int, end: int, label: str = "actor", **kw) -> Span:
    return Span(span_id, "doc", start, end, label, kw.pop("annotator", "alice"), **kw)


def show(view: ArticleView, text: str, spans=()) -> None:
    view.set_document("doc", text, list(spans), DEFAULT_LABELS)
    view.viewport().repaint()


def edge_point(view: ArticleView, cp: int) -> QPoint:
    """Viewport point of the caret boundary before code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(OffsetMap(view.text()).to_utf16(cp))
    return view.cursorRect(cursor).center()


def drag(qtbot, view: ArticleView, start: int, end: int, modifier=NONE) -> None:
    viewport = view.viewport()
    a, b = edge_point(view, start), edge_point(view, end)
    qtbot.mousePress(viewport, LEFT, modifier, a)
    qtbot.mouseMove(viewport, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    qtbot.mouseMove(viewport, b)
    qtbot.mouseRelease(viewport, LEFT, modifier, b)


def highlighted_text(view: ArticleView) -> str:
    """What Qt shows selected, with its paragraph separators as newlines."""
    return view.textCursor().selectedText().replace("\u2029", "\n")


def as_qt(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n")


def block_formats(view: ArticleView, block_number: int = 0) -> list[tuple[int, int, set[str]]]:
    block = view.document().findBlockByNumber(block_number)
    found = []
    for fr in block.layout().formats():
        ids = fr.format.property(SPAN_IDS_PROPERTY)
        found.append((fr.start, fr.start + fr.length, set(ids.split("\x1f")) if ids else set()))
    return sorted(found)


def test_text_is_plain_never_html(view):
    text = "<b>x</b> &amp; [shortcode id=1] <i>y</i>\n<p>para</p>"
    show(view, text)
    assert view.toPlainText() == text
    assert view.text() == text
    block = view.document().firstBlock()
    assert block.text().startswith("<b>x</b> &amp;")
    cursor = QTextCursor(view.document())
    cursor.setPosition(4)
    assert not cursor.charFormat().font().bold()


def test_drag_snaps_to_words(qtbot, view):
    text = "The quick brown fox, jumps."
    show(view, text)
    with qtbot.waitSignal(view.selection_changed):
        drag(qtbot, view, 6, 12)  # "ick br"
    assert view.selected_range() == (4, 15)
    assert highlighted_text(view) == "quick brown"  # the view shows the snapped range


def test_drag_trims_space_and_punctuation(qtbot, view):
    text = "The quick brown fox, jumps."
    show(view, text)
    drag(qtbot, view, 15, 21)  # " fox, "
    start, end = view.selected_range()
    assert text[start:end] == "fox"


def test_alt_drag_keeps_exact_characters(qtbot, view):
    text = "The quick brown fox, jumps."
    show(view, text)
    drag(qtbot, view, 6, 12, ALT)
    assert view.selected_range() == (6, 12)
    assert highlighted_text(view) == "ick br"


def test_snapping_can_be_switched_off(qtbot, view):
    text = "The quick brown fox, jumps."
    show(view, text)
    view.set_snapping(False)
    drag(qtbot, view, 6, 12)
    assert view.selected_range() == (6, 12)


def test_double_click_selects_a_word(qtbot, view):
    text = "Leaders in NATO’s capital, said “Putin needs support.”"
    show(view, text)
    target = text.index("Putin") + 2
    qtbot.mouseDClick(view.viewport(), LEFT, NONE, view.viewport_point_for(target))
    start, end = view.selected_range()
    assert text[start:end] == "Putin"


def test_keyboard_selection_with_ctrl_shift_arrows(qtbot, view):
    text = "Alpha beta gamma delta"
    show(view, text)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert view.caret() == 6
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Right, mods)
    qtbot.keyClick(view, Qt.Key.Key_Right, mods)
    assert view.selected_range() == (6, 16)  # "beta gamma", trailing space trimmed
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == (6, 16)


SMILE = "😊"
COUPLE = "👩\u200d❤\ufe0f\u200d👩"
TRICKY = {
    "emoji": (f"I am {SMILE} so {SMILE}{SMILE} happy today", f"{SMILE}{SMILE} happy"),
    "zwj": (f"Love {COUPLE} is {COUPLE} love", f"{COUPLE} love"),
    "combining": ("At the cafe\u0301 near the re\u0301sume\u0301 desk", "re\u0301sume\u0301"),
    "crlf": ("first line here\r\nsecond line there\r\nthird", "here\r\nsecond"),
    "tabs": ("name\tvalue\tother\n\tindented word", "value\tother"),
    "rtl": ("قال المتحدث إن الحرب ستنتهي قريبا", "الحرب ستنتهي"),
    "hebrew": ("he said שלום עולם today", "שלום עולם"),
    "mixed": (f"{SMILE}\r\nca\u0301fe\t{COUPLE} قال {SMILE} end", f"ca\u0301fe\t{COUPLE} قال"),
}


@pytest.mark.parametrize("name", TRICKY)
@pytest.mark.parametrize("modifier", [NONE, ALT], ids=["snapped", "alt"])
def test_drag_over_tricky_text_gives_highlighted_code_points(qtbot, view, name, modifier):
    text, target = TRICKY[name]
    show(view, text)
    start = text.rindex(target)
    drag(qtbot, view, start, start + len(target), modifier)
    got = view.selected_range()
    assert got is not None
    assert text[got[0] : got[1]] == target
    # What the user saw highlighted is exactly the stored text of the range.
    assert as_qt(text[got[0] : got[1]]) == highlighted_text(view)


def test_overlapping_spans_are_both_painted(view):
    text = "Leaders in NATO and Ukraine believe it."
    outer = span("outer", 0, 27, "actor")
    inner = span("inner", 11, 15, "event")
    crossing = span("cross", 20, 35, "prediction")
    show(view, text, [outer, inner, crossing])
    formats = block_formats(view)
    assert (0, 11, {"outer"}) in formats
    assert (11, 15, {"outer", "inner"}) in formats
    assert (20, 27, {"outer", "cross"}) in formats
    assert (27, 35, {"cross"}) in formats
    block = view.document().firstBlock()
    colors = {
        (fr.start, fr.length): fr.format.background().color().name()
        for fr in block.layout().formats()
    }
    # Overlaps blend both colours: distinct from either span alone.
    assert len({colors[(0, 11)], colors[(11, 4)], colors[(27, 8)], colors[(20, 7)]}) == 4


def color_distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def underlined_lines(view: ArticleView, color: QColor) -> list[int]:
    """Numbers of the first paragraph's lines with ``color`` painted just under their text."""
    image = view.viewport().grab().toImage()
    block = view.document().firstBlock()
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    layout = block.layout()
    found = []
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        y = int(top + line.y() + line.ascent() + UNDERLINE_GAP)
        near = (
            QColor(image.pixel(x, row))
            for x in range(int(line.x()), int(line.x() + line.naturalTextWidth()))
            for row in range(y - 1, y + 3)
        )
        if any(color_distance(c, color) < 60 for c in near):
            found.append(number)
    return found


def test_a_span_over_wrapped_lines_is_underlined_on_exactly_those_lines(view):
    view.resize(420, 600)
    text = " ".join(f"word{i}" for i in range(120))
    show(view, text)
    layout = view.document().firstBlock().layout()
    assert layout.lineCount() >= 6
    # From the middle of the second line to the middle of the fourth.
    second, fourth = layout.lineAt(1), layout.lineAt(3)
    start = second.textStart() + second.textLength() // 2
    end = fourth.textStart() + fourth.textLength() // 2
    show(view, text, [span("long", start, end, "actor")])
    actor = QColor(DEFAULT_LABELS[0].color)
    assert underlined_lines(view, actor) == [1, 2, 3]


def test_set_spans_rehighlights_changed_blocks(view):
    text = "First paragraph here.\n\nSecond paragraph here.\n\nThird one."
    first = span("a", 0, 5)
    show(view, text, [first])
    assert block_formats(view, 2) == []
    second_start = text.index("Second")
    added = span("b", second_start, second_start + 6, "event")
    view.set_spans([first, added])
    assert block_formats(view, 2) == [(0, 6, {"b"})]
    assert block_formats(view, 0) == [(0, 5, {"a"})]
    view.set_spans([first, added.with_changes(end=second_start + 16)])
    assert block_formats(view, 2) == [(0, 16, {"b"})]
    view.set_spans([added])
    assert block_formats(view, 0) == []


def test_long_documents_are_highlighted_lazily(view):
    paragraphs = [f"Paragraph {i} with a few words." for i in range(600)]
    text = "\n".join(paragraphs)
    last = text.index("Paragraph 590")
    show(view, text, [span("first", 0, 9), span("late", last, last + 9)])
    assert view.highlighter.is_highlighted(0)
    assert not view.highlighter.is_highlighted(590)
    view.select_span("late")  # scrolls there
    view.viewport().repaint()
    assert view.highlighter.is_highlighted(590)
    assert block_formats(view, 590)[0][2] == {"late"}
    # A span longer than the short-span window is still found in every block it covers.
    long_end = text.index("Paragraph 500")
    view.set_spans([span("first", 0, 9), span("long", 5, long_end), span("late", last, last + 9)])
    index = view.spans()
    assert [s.id for s in index.spans_in_block(300)] == ["long"]
    assert [s.id for s in index.spans_in_block(0)] == ["first", "long"]
    assert [s.id for s in index.spans_in_block(590)] == ["late"]


def test_select_span_marks_current_without_signal(qtbot, view):
    text = "one two three four"
    spans = [span("a", 0, 3), span("b", 8, 13)]
    show(view, text, spans)
    with qtbot.assertNotEmitted(view.span_activated):
        view.select_span("b")
    assert view.current_span_id() == "b"
    assert view.caret() == 8
    current_color = block_formats(view)
    view.select_span(None)
    assert view.current_span_id() is None
    assert block_formats(view) == current_color  # same ranges, only the fill changed


def test_click_on_span_activates_innermost(qtbot, view):
    text = "Leaders in NATO and Ukraine believe it."
    show(view, text, [span("outer", 0, 27), span("inner", 11, 15, "event")])
    with qtbot.waitSignal(view.span_activated) as blocker:
        qtbot.mouseClick(view.viewport(), LEFT, NONE, view.viewport_point_for(12))
    assert blocker.args == ["inner"]
    assert view.current_span_id() == "inner"


def test_tooltip_lists_every_span_under_the_mouse(view):
    text = "Leaders in NATO and Ukraine believe it."
    spans = [
        span("outer", 0, 27),
        span("inner", 11, 15, "event", annotator="bob", status=SpanStatus.APPROVED),
    ]
    show(view, text, spans)
    tip = view.tooltip_text_at(view.viewport_point_for(12))
    assert tip == "actor · alice · pending\nevent · bob · approved"
    assert view.tooltip_text_at(view.viewport_point_for(30)) == ""


def test_next_span_id_order(view):
    text = "aa bb cc dd ee ff"
    spans = [span("c", 6, 8), span("a", 0, 2), span("b", 3, 5), span("b2", 3, 8)]
    show(view, text, spans)
    view.select_range(4, 4)
    assert view.next_span_id() == "c"  # first span starting at or after the caret
    assert view.next_span_id(backwards=True) == "b2"
    view.select_span("a")
    assert view.next_span_id() == "b"
    view.select_span("b2")
    assert view.next_span_id() == "c"
    assert view.next_span_id(backwards=True) == "b"
    view.select_span("c")
    assert view.next_span_id() == "a"  # wraps around
    view.select_span("a")
    assert view.next_span_id(backwards=True) == "c"
    show(view, text, [])
    assert view.next_span_id() is None


def test_nudged_range_by_char_and_word(view):
    text = f"The big {SMILE}e\u0301 brown fox"
    start = text.index("brown")
    show(view, text, [span("s", start, start + 5)])
    assert view.nudged_range("s", "start", -1, False) == (start - 1, start + 5)
    assert view.nudged_range("s", "end", +1, False) == (start, start + 6)
    assert view.nudged_range("s", "end", -1, False) == (start, start + 4)
    assert view.nudged_range("s", "start", -1, True) == (text.index(SMILE), start + 5)
    assert view.nudged_range("s", "end", +1, True) == (start, len(text))
    assert view.nudged_range("s", "start", +1, True) is None  # would pass the end
    assert view.nudged_range("s", "end", -1, True) is None
    acute = text.index("\u0301")
    show(view, text, [span("e", acute + 1, start)])
    # One visible character: the accent stays with its letter, the emoji is one step.
    assert view.nudged_range("e", "start", -1, False) == (acute - 1, start)
    assert view.nudged_range("missing", "start", -1, False) is None


def test_find_with_emoji_before_the_match(qtbot, view):
    text = f"{SMILE}{COUPLE} Hello world, hello again. HELLO!"
    show(view, text)
    hits = view.find_all("hello")
    assert [text[s:e].lower() for s, e in hits] == ["hello"] * 3
    assert hits[0] == (text.index("Hello"), text.index("Hello") + 5)
    lower = text.index("hello")
    assert view.find_all("hello", case_sensitive=True) == [(lower, lower + 5)]
    assert view.find_text("hello") == hits[0]
    assert view.selected_range() == hits[0]
    assert highlighted_text(view) == "Hello"
    assert view.find_text("hello") == hits[1]
    assert view.find_text("hello") == hits[2]
    assert view.find_text("hello") == hits[0]  # wraps
    assert view.find_text("hello", backwards=True) == hits[2]
    assert view.find_text("absent") is None
    assert view.find_all("") == []


def test_tab_is_left_to_the_window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    view = ArticleView(window)
    window.setCentralWidget(view)
    triggered = []
    action = QAction("Next span", window)
    action.setShortcut(QKeySequence(Qt.Key.Key_Tab))
    action.triggered.connect(lambda: triggered.append(True))
    window.addAction(action)
    window.show()
    qtbot.waitExposed(window)
    view.set_document("doc", "some text", [], DEFAULT_LABELS)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert triggered == [True]
    assert view.toPlainText() == "some text"
    assert view.hasFocus()


def test_find_bar_signals(qtbot):
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.open_bar()
    assert not bar.next_button.isEnabled()
    qtbot.keyClicks(bar.edit, "Putin")
    with qtbot.waitSignal(bar.find_requested) as forward:
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert forward.args == ["Putin", False]
    with qtbot.waitSignal(bar.find_requested) as backward:
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert backward.args == ["Putin", True]
    with qtbot.waitSignal(bar.find_requested) as clicked:
        qtbot.mouseClick(bar.previous_button, LEFT)
    assert clicked.args == ["Putin", True]
    with qtbot.waitSignal(bar.label_all_requested) as label_all:
        qtbot.mouseClick(bar.label_all_button, LEFT)
    assert label_all.args == ["Putin"]
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
