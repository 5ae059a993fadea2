"""Indicator sets as data, screening assessment and recording, and `ctis nrm`."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.nrm import selectors, services
from ctis.nrm.models import Indicator, IndicatorSet, Screening

# Synthetic indicators that exercise the rules: they are test data, not ILO wording.
TEST_SET = {
    "code": "test-adult-labour",
    "population": "adult",
    "exploitation": "labour",
    "rule": "ilo_ec",
    "national": True,
    "name_az": "Sınaq dəsti",
    "name_en": "Test set",
    "name_ru": "Тестовый набор",
    "indicators": [
        {
            "code": "dr-s1",
            "dimension": "deceptive_recruitment",
            "weight": "strong",
            "text_az": "Aldadıcı işə götürmə A",
            "text_en": "Deceptive recruitment A",
            "text_ru": "Обманная вербовка А",
        },
        {
            "code": "dr-s2",
            "dimension": "deceptive_recruitment",
            "weight": "strong",
            "text_az": "Aldadıcı işə götürmə B",
            "text_en": "Deceptive recruitment B",
            "text_ru": "Обманная вербовка Б",
        },
        {
            "code": "ec-s1",
            "dimension": "exploitative_conditions",
            "weight": "strong",
            "text_az": "İstismar A",
            "text_en": "Exploitation A",
            "text_ru": "Эксплуатация А",
        },
        {
            "code": "ec-m1",
            "dimension": "exploitative_conditions",
            "weight": "medium",
            "text_az": "İstismar B",
            "text_en": "Exploitation B",
            "text_ru": "Эксплуатация Б",
        },
        {
            "code": "cd-s1",
            "dimension": "coercion_at_destination",
            "weight": "strong",
            "text_az": "Sənədlərin əlindən alınması",
            "text_en": "Confiscation of documents",
            "text_ru": "Изъятие документов",
        },
        {
            "code": "cd-s2",
            "dimension": "coercion_at_destination",
            "weight": "strong",
            "text_az": "Təcrid və nəzarət",
            "text_en": "Isolation, confinement or surveillance",
            "text_ru": "Изоляция и надзор",
        },
        {
            "code": "av-w1",
            "dimension": "abuse_of_vulnerability_at_destination",
            "weight": "weak",
            "text_az": "Zəif A",
            "text_en": "Weak A",
            "text_ru": "Слабый А",
        },
    ],
}
PRESUMED = ["dr-s1", "dr-s2", "ec-s1", "ec-m1", "cd-s1", "cd-s2"]


@pytest.fixture
def shipped(db):
    services.indicator_sets_load_reference()
    return IndicatorSet.objects.all()


def _ctis(*args) -> str:
    out = io.StringIO()
    call_command("nrm", *args, stdout=out)
    return out.getvalue()


# Shipped sets ------------------------------------------------------------------------------


def test_shipped_sets_hold_only_verified_content(shipped):
    codes = {s.code: s for s in shipped}
    assert set(codes) == {
        "ilo-ec-adult-labour",
        "ilo-ec-adult-sexual",
        "ilo-ec-child-labour",
        "ilo-ec-child-sexual",
        "ilo-forced-labour",
        "az-cm-131-2009",  # the national frame, without indicators (the administrator's)
    }
    assert not codes["az-cm-131-2009"].indicators.exists()
    # The ILO/EC sets come without indicators: their wording could not be checked against
    # the publication; the ILO forced-labour list is the booklet's eleven, in its order.
    for code in ("ilo-ec-adult-labour", "ilo-ec-child-sexual"):
        assert not codes[code].indicators.exists()
        assert "not shipped" in codes[code].source
    forced = list(codes["ilo-forced-labour"].indicators.values_list("text_en", flat=True))
    assert forced == [
        "Abuse of vulnerability",
        "Deception",
        "Restriction of movement",
        "Isolation",
        "Physical and sexual violence",
        "Intimidation and threats",
        "Retention of identity documents",
        "Withholding of wages",
        "Debt bondage",
        "Abusive working and living conditions",
        "Excessive overtime",
    ]
    assert all(i.text_az and i.text_ru for i in codes["ilo-forced-labour"].indicators.all())


def test_loading_again_keeps_what_administrators_changed(shipped):
    indicator = Indicator.objects.get(code="deception")
    indicator.text_az = "Aldatma (işə götürmə zamanı)"
    indicator.save()
    counts = services.indicator_sets_load_reference()
    assert counts == {
        "sets_created": 0,
        "sets_updated": 0,
        "indicators_created": 0,
        "indicators_updated": 0,
    }
    assert Indicator.objects.get(code="deception").text_az == "Aldatma (işə götürmə zamanı)"


# Import -------------------------------------------------------------------------------------


def test_import_adds_indicators_to_a_shipped_set_and_changes_texts(shipped, admin):
    data = {
        "sets": [
            {
                "code": "ilo-ec-adult-labour",
                "population": "adult",
                "exploitation": "labour",
                "rule": "ilo_ec",
                "name_az": "BƏT/AK: böyüklər, əmək",
                "name_en": "ILO/EC: adults, labour",
                "name_ru": "МОТ/ЕК: взрослые, труд",
                "source": "entered from the publication",
                "indicators": TEST_SET["indicators"][:2],
            }
        ]
    }
    counts = services.indicator_sets_import(actor=admin, data=data)
    assert counts == {
        "sets_created": 0,
        "sets_updated": 1,
        "indicators_created": 2,
        "indicators_updated": 0,
    }
    data["sets"][0]["indicators"][0] = {**TEST_SET["indicators"][0], "weight": "medium"}
    counts = services.indicator_sets_import(actor=admin, data=data)
    assert counts["indicators_updated"] == 1
    assert (
        Indicator.objects.get(indicator_set__code="ilo-ec-adult-labour", code="dr-s1").weight
        == "medium"
    )
    assert AuditEntry.objects.filter(action="nrm.indicator_sets.import").count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["indicators"][0].update(weight=""), "needs a dimension and a weight"),
        (lambda s: s["indicators"].append(dict(s["indicators"][0])), "appears twice"),
        (lambda s: s.update(population="elder"), "population: Value 'elder' is not a valid"),
        (lambda s: s["indicators"][0].update(dimension="recruitment"), "dimension"),
        (lambda s: s.update(rule="checklist"), "has no dimensions or weights"),
    ],
)
def test_import_refuses_bad_sets_whole_and_says_where(db, change, message):
    row = json.loads(json.dumps(TEST_SET))
    change(row)
    good = {**json.loads(json.dumps(TEST_SET)), "code": "another-set"}
    with pytest.raises(ValidationError) as refused:
        services.indicator_sets_import(actor=None, data={"sets": [good, row]})
    text = " ".join(refused.value.messages)
    assert message in text and "set 2" in text
    assert not IndicatorSet.objects.exists() and not Indicator.objects.exists()


def test_only_administrators_import(db, analyst):
    with pytest.raises(PermissionDenied):
        services.indicator_sets_import(actor=analyst, data={"sets": [TEST_SET]})


# Assessment -------------------------------------------------------------------------------


def test_presumed_victim_with_the_explanation_in_three_languages(test_set):
    assessment = selectors.screening_assess(indicator_set=test_set, codes=PRESUMED)
    assert assessment.result == "presumed_victim"
    assert assessment.dimensions["coercion_at_destination"] == {
        "met": True,
        "strong": 2,
        "medium": 0,
        "weak": 0,
    }
    assert assessment.dimensions["abuse_of_vulnerability_at_destination"]["met"] is False
    english = assessment.explanation["en"].splitlines()
    assert english[0].startswith("Presumed victim")
    assert (
        "Coercion at destination met: 2 strong — Confiscation of documents; "
        "Isolation, confinement or surveillance"
    ) in english
    assert (
        "Exploitative conditions met: 1 strong, 1 medium — Exploitation A; Exploitation B"
        in english
    )
    assert "Sənədlərin əlindən alınması" in assessment.explanation["az"]
    assert "Изъятие документов" in assessment.explanation["ru"]
    assert assessment.explanation["az"] != assessment.explanation["en"]


def test_not_enough_indicators_names_what_is_missing(test_set):
    assessment = selectors.screening_assess(
        indicator_set=test_set, codes=["dr-s1", "dr-s2", "ec-s1", "av-w1"]
    )
    assert assessment.result == "not_enough_indicators"
    first, *rest = assessment.explanation["en"].splitlines()
    assert first == (
        "Not enough indicators: not met — exploitation, coercion or abuse of "
        "vulnerability at destination."
    )
    assert "Exploitative conditions not met: 1 strong — Exploitation A" in rest


def test_unknown_indicator_is_refused(test_set):
    with pytest.raises(ValidationError, match="has no indicator nope"):
        selectors.screening_assess(indicator_set=test_set, codes=["dr-s1", "nope"])


def test_checklist_records_without_judging(shipped):
    forced = IndicatorSet.objects.get(code="ilo-forced-labour")
    assessment = selectors.screening_assess(
        indicator_set=forced, codes=["deception", "debt-bondage"]
    )
    assert assessment.result == "recorded" and assessment.dimensions == {}
    assert "Deception; Debt bondage" in assessment.explanation["en"]


# Recording ----------------------------------------------------------------------------------


def test_an_officer_records_a_screening_of_a_person_they_entered(test_set, officer, person):
    screening = services.screening_record(
        actor=officer,
        person=person,
        indicator_set=test_set,
        codes=PRESUMED,
        notes="Met at the border crossing",
    )
    screening = Screening.objects.get(pk=screening.pk)
    assert screening.result == "presumed_victim"
    assert screening.agency == officer.agency and screening.population == "adult"
    assert sorted(screening.observed.values_list("code", flat=True)) == sorted(PRESUMED)
    assert screening.explanation["en"].startswith("Presumed victim")
    entry = AuditEntry.objects.get(action="nrm.screening.create")
    assert entry.changes["result"]["after"] == "presumed_victim"
    assert "border" not in json.dumps(entry.changes)  # notes are sealed, never logged


def test_a_screening_dated_in_the_future_is_refused(test_set, officer, person):
    with pytest.raises(ValidationError) as refused:
        services.screening_record(
            actor=officer,
            person=person,
            indicator_set=test_set,
            codes=PRESUMED,
            screened_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "screened_on" in refused.value.message_dict
    assert not Screening.objects.exists()


def test_who_may_not_screen(test_set, person, make_user, analyst):
    other_officer = make_user("stranger", "sbs", "frontline_officer")
    for user in (analyst, other_officer):
        with pytest.raises(PermissionDenied):
            services.screening_record(
                actor=user, person=person, indicator_set=test_set, codes=PRESUMED
            )
    assert not Screening.objects.exists()


# Command line --------------------------------------------------------------------------------


def test_cli_lists_sets_and_indicators(test_set):
    sets = json.loads(_ctis("sets", "--format", "json"))
    mine = next(s for s in sets if s["id"] == "test-adult-labour")
    assert mine["population"] == "adult" and mine["exploitation"] == "labour"
    assert mine["labels"] == {"az": "Sınaq dəsti", "en": "Test set", "ru": "Тестовый набор"}
    indicators = json.loads(_ctis("indicators", "--set", "test-adult-labour", "--format", "json"))
    assert indicators[4] == {
        "id": "cd-s1",
        "dimension": "coercion_at_destination",
        "weight": "strong",
        "labels": {
            "az": "Sənədlərin əlindən alınması",
            "en": "Confiscation of documents",
            "ru": "Изъятие документов",
        },
    }


def test_cli_screen_shares_the_forms_assessment(test_set):
    printed = json.loads(
        _ctis("screen", "--set", "test-adult-labour", "--indicators", ",".join(PRESUMED))
    )
    expected = selectors.screening_assess(indicator_set=test_set, codes=PRESUMED).as_json()
    assert printed == expected
    assert set(printed["dimensions"]) == {
        "deceptive_recruitment",
        "coercive_recruitment",
        "recruitment_abuse_of_vulnerability",
        "exploitative_conditions",
        "coercion_at_destination",
        "abuse_of_vulnerability_at_destination",
    }
    assert set(printed["explanation"]) == {"az", "en", "ru"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "nope", "--indicators", "dr-s1"], "There is no indicator set nope"),
        (["--set", "test-adult-labour", "--indicators", "dr-s1,zz"], "has no indicator zz"),
    ],
)
def test_cli_screen_refuses_unknown_ids(test_set, args, message):
    with pytest.raises(CommandError, match=message):
        _ctis("screen", *args)


def test_cli_import_set_reports_errors_and_saves_nothing(db, tmp_path):
    path = tmp_path / "sets.json"
    path.write_text('{"sets": [', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        _ctis("import-set", str(path))
    bad = json.loads(json.dumps(TEST_SET))
    bad["indicators"][0]["weight"] = ""
    path.write_text(json.dumps({"sets": [bad]}), encoding="utf-8")
    with pytest.raises(CommandError, match="set 1, indicator 1"):
        _ctis("import-set", str(path))
    assert not IndicatorSet.objects.exists()
    path.write_text(json.dumps({"sets": [TEST_SET]}), encoding="utf-8")
    assert "1 created" in _ctis("import-set", str(path))


def test_import_errors_name_the_field_in_the_users_language(db):
    from django.utils import translation

    bad = {**json.loads(json.dumps(TEST_SET)), "population": "elder"}
    with translation.override("az"), pytest.raises(ValidationError) as refused:
        services.indicator_sets_import(actor=None, data={"sets": [bad]})
    assert "dəst 1: əhali qrupu:" in " ".join(refused.value.messages)
