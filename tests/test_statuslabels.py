"""The status words: every state, impact and kind named in every language, and the same placeholders in each."""

from __future__ import annotations

import dataclasses
import string

import pytest

from hooks.core.incidents import COMPONENT_IMPACTS, INCIDENT_IMPACTS, KINDS, STATES
from hooks.core.languages import LANGUAGES
from hooks.core.statuslabels import LABELS, StatusLabels
from hooks.core.statusmodel import DAYS, INDICATOR_ORDER, PARTIAL_WEIGHT, Overall

FI = LABELS["fi"]


@pytest.mark.parametrize("language", sorted(LABELS))
def test_every_value_the_model_gives_has_a_label(language):
    labels = LABELS[language]
    assert set(labels.component_states) == set(COMPONENT_IMPACTS)
    assert set(labels.post_states) == {state for states in STATES.values() for state in states}
    assert set(labels.impacts) == set(INCIDENT_IMPACTS)
    assert set(labels.kinds) == set(KINDS)
    assert set(labels.overall) == set(INDICATOR_ORDER)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("language", sorted(LABELS))
def test_every_language_fills_the_same_placeholders(language):
    # A translation that drops {site} or adds {name} would fail on a page; here it fails at once.
    for field in dataclasses.fields(StatusLabels):
        value = getattr(FI, field.name)
        if isinstance(value, str):
            assert placeholders(getattr(LABELS[language], field.name)) == placeholders(value), field.name
    # The templates' words: the same keys, each with the same placeholders.
    assert LABELS[language].words.keys() == FI.words.keys()
    for key, value in FI.words.items():
        assert placeholders(LABELS[language].words[key]) == placeholders(value), key


def test_the_site_is_written_in_finnish_and_swedish_and_the_status_blog_too():
    assert set(LABELS) == set(LANGUAGES)
    assert LABELS["sv"].component_states["operational"] == "Fungerar normalt"
    assert LABELS["sv"].post_states["resolved"] == "Åtgärdat"


@pytest.mark.parametrize("overall, text", [
    (Overall("none", False), "Kaikki palvelut toimivat normaalisti"),
    (Overall("none", True), "Huoltokatko käynnissä"),
    (Overall("minor", True), "Vähäisiä häiriöitä"),  # anything worse than none is said before maintenance
    (Overall("major", False), "Osittainen palvelukatko"),
    (Overall("critical", False), "Laaja palvelukatko"),
])
def test_the_overall_state_in_words(overall, text):
    assert FI.describe(overall) == text


def test_the_uptime_help_states_the_formula_the_model_uses():
    weight = str(PARTIAL_WEIGHT).replace(".", ",")
    assert f"100 × (1 − (laajan katkon minuutit + {weight} × osittaisen katkon minuutit) / jakson minuutit)" in FI.uptime_help
    assert f"viimeisten {DAYS} päivän" in FI.uptime_help
