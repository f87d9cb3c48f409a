"""One fold for text and queries: scripts, widths, case, numerals, units, accents; idempotent;
and every folded character knows the printed character it came from."""

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from indexer.fold import fold, fold_with_origins


def test_traditional_characters_fold_to_simplified():
    assert fold("臺灣總工會勞動模範") == "台湾总工会劳动模范"


def test_full_width_letters_digits_and_ideographic_space_fold_to_ascii():
    assert fold("ＡＢＣ１２３　ｘ") == "abc123 x"


def test_latin_letters_fold_to_lower_case():
    assert fold("App WeChat") == "app wechat"


@pytest.mark.parametrize("printed, folded", [
    ("第Ⅱ期", "第ii期"), ("Ⅲ级", "iii级"), ("第II期", "第ii期"), ("Élise", "elise"),
    ("E\u0301lise", "elise"), ("①号", "1号"), ("120㎡", "120m2"), ("℃", "°c"), ("Straße", "strasse"),
    ("⼯会", "工会"), ("a\u200bb", "ab"), ("“劳模”", '"劳模"'), ("a \u3000 b", "a b"),
])
def test_compatibility_forms_case_and_accents_fold_to_plain_text(printed, folded):
    assert fold(printed) == folded


def test_a_line_break_survives_and_spaces_collapse():
    assert fold("劳模\n\t工匠  精神") == "劳模\n 工匠 精神"


def test_characters_outside_the_basic_cjk_block_survive():
    assert fold("𠮷野家") == "𠮷野家"


# A sample of every block where folding does something, plus plain CJK and Hangul.
BLOCKS = [(0x20, 0x250), (0x370, 0x530), (0x1E00, 0x1F00), (0x2000, 0x2200), (0x2460, 0x2500),
          (0x2F00, 0x2FE0), (0x3000, 0x3100), (0x3200, 0x3400), (0x4E00, 0x4F00), (0x9000, 0x9100),
          (0xAC00, 0xAD00), (0xF900, 0xFB00), (0xFE30, 0xFE70), (0xFF00, 0xFFF0), (0x1F100, 0x1F200)]
SAMPLE = "".join(chr(c) for a, b in BLOCKS for c in range(a, b))


def test_folding_twice_changes_nothing():
    for ch in SAMPLE:
        assert fold(fold(ch)) == fold(ch), f"U+{ord(ch):04X}"


@settings(deadline=None, max_examples=300)
@given(st.text(st.sampled_from(SAMPLE + "\n  "), max_size=60), st.data())
def test_the_fold_of_a_piece_is_a_piece_of_the_fold(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert fold(text[a:b]).strip(" ") in fold(text)


@settings(deadline=None, max_examples=300)
@given(st.text(st.sampled_from(SAMPLE + "\n  "), max_size=60))
def test_origins_point_at_the_printed_character_each_folded_one_came_from(text):
    folded, origins = fold_with_origins(text)
    assert folded == fold(text)
    assert len(origins) == len(folded) + 1 and origins[-1] == len(text)
    assert origins == sorted(origins)
    for ch, origin in zip(folded, origins):
        assert ch in fold(text[origin]) or ch == " "


def test_origins_map_a_span_of_a_longer_fold_back_to_the_printed_characters():
    text = "第Ⅱ期㎡"
    folded, origins = fold_with_origins(text)
    start = folded.index("ii")
    assert text[origins[start]:origins[start + 1] + 1] == "Ⅱ"
    assert unicodedata.normalize("NFKC", text) != text  # the sample really needs folding


@settings(deadline=None, max_examples=300)
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40), st.data())
def test_a_piece_of_any_text_typed_as_a_phrase_is_a_piece_of_the_folded_text(text, data):
    """The query's fold is the text's fold: whatever is typed as printed is found."""
    from indexer.search.query import QueryError, Term, parse

    line = text.split("\n")[0]
    a = data.draw(st.integers(0, len(line)))
    b = data.draw(st.integers(a, len(line)))
    piece = line[a:b]
    if '"' in fold(piece) or not fold(piece).strip():
        return  # the phrase delimiter itself, or nothing to search
    try:
        tree = parse(f'"{piece}"')
    except QueryError:
        return  # e.g. longer than the query limit: a message, not a miss
    assert isinstance(tree, Term)
    assert tree.text in fold(text)
