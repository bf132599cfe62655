"""How the report sets user text: its own soft hyphens, ties, escaping (no renderer here)."""

from reports.templatetags.report_text import report_line, report_name, report_text

SHY, NBSP, ZWSP = "\xad", "\xa0", "\u200b"


def test_long_words_get_the_dictionarys_breaks_and_the_last_word_none():
    html = report_text("IPS-konsulenterne arbejder med beskæftigelsesindsatsen i psykiatrien")
    assert f"beskæf{SHY}ti{SHY}gel{SHY}ses{SHY}ind{SHY}satsen" in html
    assert "IPS-konsulenterne" in html  # after "IPS-" only at its own hyphen
    assert html.endswith(f"i{NBSP}psykiatrien</p>")  # tied, never broken
    assert "arbejder" in html  # shorter than 10 letters: whole


def test_compounds_break_only_where_their_parts_meet():
    html = report_text("Caseloaden og IPS-fidelityskalaen samt arbejdsgiverkontakten i dag")
    assert f"Case{SHY}loaden" in html
    assert f"IPS-fidelity{SHY}skalaen" in html
    assert f"arbejds{SHY}giverkontakten" in html


def test_a_long_last_pair_is_not_tied_and_its_last_word_not_broken():
    html = report_line("De mødes med forskellige arbejdsgiverrepræsentanter")
    assert NBSP not in html
    assert html.endswith(" arbejdsgiverrepræsentanter")


def test_no_tie_after_a_dash():
    assert NBSP not in report_text("ved 'Three Cups Of Tea' - metoden.")


def test_item_names_are_neither_hyphenated_nor_tied():
    name = "Integration af beskæftigelsesindsatsen i psykiatrien"
    assert report_name(name) == name


def test_a_run_without_break_opportunities_gets_zero_width_spaces():
    html = report_text("Se https://eksempel.dk/" + "a" * 60)
    assert ZWSP in html
    assert html.replace(ZWSP, "") == "<p>Se https://eksempel.dk/" + "a" * 60 + "</p>"


def test_user_text_is_escaped_after_it_is_set():
    html = report_text('<script>alert("x")</script> & arbejdsgiverkontakter &amp;\n\nNy')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;amp;" in html
    assert html.count("<p>") == 2
