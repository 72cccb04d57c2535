"""Canonical comparison keys, with and without the extraction core's canonicalisers."""

import pytest

from tocsin.evaluation import canon


def test_fold_strips_accents_case_and_punctuation() -> None:
    assert canon.fold("  Côte d’Ivoire ") == "cote d ivoire"
    assert canon.fold(None) == ""


def test_place_fold_drops_articles_and_admin_words() -> None:
    assert canon.fold_place("Al Anbar Governorate") == canon.fold_place("Anbar")
    assert canon.fold_place("Salah ad-Din") == canon.fold_place("Salah Din")
    assert canon.fold_place("Kyiv City") != canon.fold_place("Kyiv Oblast")


def test_location_is_loose_containment() -> None:
    assert canon.same_location("Mogadishu", "mogadiscio") is False
    assert canon.same_location("Carrefour-Feuilles, Port-au-Prince", "Carrefour-Feuilles")
    assert canon.same_location(None, None)
    assert not canon.same_location("Rafah", None)


def test_target_shares_content_words() -> None:
    assert canon.same_target("cargo ship M/V Norderney", "the M/V Norderney")
    assert not canon.same_target("Somali army base", "civilians")


def test_country_names_to_alpha2() -> None:
    assert canon.country_code("Democratic Republic of Congo") == "CD"
    assert canon.country_code("Syria") == "SY"
    assert canon.country_code("West Bank and Gaza Strip") == "PS"
    assert canon.country_code("Iraq") == "IQ"
    assert canon.country_code("Atlantis") is None


def test_actor_uses_core_canonicaliser_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    aliases = {"ansar allah": "Houthis", "houthi rebels": "Houthis"}
    monkeypatch.setattr(canon, "_actor_canonicaliser", lambda: lambda name: aliases.get(name.lower()))
    assert canon.same_actor("Ansar Allah", "Houthi rebels")
    # The canonicaliser knows neither: fall back to the folded names.
    assert canon.same_actor("al-Shabaab", "Al Shabaab")
    assert not canon.same_actor("Boko Haram", "Houthi rebels")


def test_actor_fallback_without_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(canon, "_actor_canonicaliser", lambda: None)
    assert canon.same_actor("Allied Democratic Forces (ADF)", "allied democratic forces")
    assert not canon.same_actor("Ansar Allah", "Houthis")
    assert canon.same_actor(None, "")


def test_admin1_uses_gazetteer_and_survives_its_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gazetteer:
        def admin1_canonical(self, country: str | None, name: str) -> str | None:
            if name == "boom":
                raise RuntimeError("bad input")
            return {("UA", "Odessa"): "Odesa"}.get((country or "", name))

    monkeypatch.setattr(canon, "_gazetteer", lambda: Gazetteer())
    assert canon.same_admin1("UA", "Odesa", "UA", "Odessa")
    assert canon.same_admin1("IQ", "Anbar", "IQ", "Al Anbar Governorate")
    assert canon.admin1_key("UA", "boom") == "boom"
