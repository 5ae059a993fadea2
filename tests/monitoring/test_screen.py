"""The risk screen: folding across scripts, matches at the places written, the combined
score, and the highlighted text (escaped)."""

import pytest
from django.test import Client

from ctis.monitoring.screen import RISKY_AT, Screen, SignalSpec, combine, fold, segments
from tests.monitoring.conftest import RISKY
from tests.personas import log_in

PASSPORT = SignalSpec("passport", 0.4, ("pasport bizdən", "паспорт оформ", "passport arranged"))
FOREIGN = SignalSpec("foreign", 0.15, check="foreign_phone")
MONEY = SignalSpec("money", 0.25, expressions=(r"\b[1-9]\d{3} ?(usd|\$)",))


def test_one_word_in_three_scripts_folds_to_one_key():
    assert fold("Pasport").text == fold("Паспорт").text == fold("PASSPORT").text
    assert fold("təcrübə").text == fold("тәҹрүбә").text == fold("tecrube").text


def test_a_match_is_found_at_the_place_written_whatever_the_script():
    screen = Screen([PASSPORT])
    text = "Sənədlər: Паспорт оформляем быстро"
    (match,) = screen.matches(text)
    assert text[match.start : match.end] == "Паспорт оформ"


def test_a_pattern_matches_only_at_the_start_of_a_word():
    screen = Screen([SignalSpec("visa", 0.3, ("viza",))])
    assert screen.matches("viza pulsuz") and not screen.matches("televizor satılır")


def test_a_foreign_number_is_a_structured_signal():
    screen = Screen([FOREIGN])
    text = "Zəng: +90 532 123 45 67 və ya 050 123 45 67"
    (match,) = screen.matches(text)
    assert text[match.start : match.end] == "+90 532 123 45 67"


def test_a_regular_expression_matches_a_sum_of_money():
    (match,) = Screen([MONEY]).matches("Salary 3000 USD a month")
    assert match.signal == "money"


def test_no_single_signal_makes_an_item_risky_two_do():
    screen = Screen([PASSPORT, MONEY])
    alone = screen.screen("pasport bizdən")
    both = screen.screen("pasport bizdən, 2500 $")
    assert alone.score == 0.4 and alone.label == "harmless"
    assert both.score == combine([0.4, 0.25]) == 0.55 and both.label == "risky"
    assert both.score >= RISKY_AT


def test_a_signal_counts_once_however_often_it_matches():
    screen = Screen([PASSPORT])
    assert screen.screen("pasport bizdən. Pasport bizdən!").score == 0.4


def test_segments_cut_the_text_where_the_matches_are():
    screen = Screen([PASSPORT, MONEY])
    text = "A: pasport bizdən, 2500 $"
    pieces = segments(text, screen.matches(text))
    assert "".join(p.text for p in pieces) == text
    assert [p.signals for p in pieces if p.signals] == [("passport",), ("money",)]


@pytest.mark.django_db
def test_the_item_page_highlights_each_match_with_the_signal_name_and_weight(
    record, monitoring_officer
):
    item = record(monitoring_officer, text=RISKY + " <script>alert(1)</script>")
    client = log_in(Client(), monitoring_officer)
    client.post("/i18n/setlang/", {"language": "az", "next": "/"})
    page = client.get(item.get_absolute_url()).content.decode()
    assert '<mark class="signal" data-signals="no-experience"' in page
    assert "Təcrübə tələb olunmur (0,25)" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


@pytest.mark.django_db
def test_the_item_page_names_the_signals_in_the_readers_language(record, monitoring_officer):
    item = record(monitoring_officer)
    client = log_in(Client(), monitoring_officer)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Опыт не требуется (0,25)" in page
