"""Search folding keeps lengths, so highlight offsets stay right."""

from indexer.fold import fold


def test_traditional_characters_fold_to_simplified():
    assert fold("臺灣總工會勞動模範") == "台湾总工会劳动模范"


def test_full_width_letters_digits_and_ideographic_space_fold_to_ascii():
    assert fold("ＡＢＣ１２３　ｘ") == "abc123 x"


def test_latin_letters_fold_to_lower_case():
    assert fold("App WeChat") == "app wechat"


def test_folding_never_changes_the_length():
    text = "…——“劳模”　𠮷乾隆ＡＢ（张光宇）"
    assert len(fold(text)) == len(text)


def test_characters_outside_the_basic_cjk_block_survive():
    assert fold("𠮷野家") == "𠮷野家"
