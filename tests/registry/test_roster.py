"""The pure roster rules: plain values in, warnings out."""
import ast
from pathlib import Path

from portal.registry import roster
from portal.registry.roster import RosterFacts, assess


def codes(assessment):
    return [w.code for w in assessment.warnings]


def test_a_balanced_roster_has_no_warning():
    facts = RosterFacts(
        partner_count=5, regions={"AFR": 1, "APG": 1, "EEG": 1, "GRULAC": 1, "WEOG": 1},
        languages=frozenset({"en", "fr", "es", "ar"}),
        genders={"woman": 3, "man": 2})
    result = assess(facts)
    assert result.balanced and result.regions_missing == ()
    assert result.languages_besides_english == ("ar", "fr", "es")


def test_no_partner_at_all():
    result = assess(RosterFacts())
    assert codes(result) == [roster.NO_PARTNERS, roster.FEW_LANGUAGES]
    assert result.warnings[0].params == {"target": 5}


def test_below_target_names_the_missing_regions():
    result = assess(RosterFacts(2, {"AFR": 1, "WEOG": 1}, frozenset({"en", "fr", "ru"}),
                                {"woman": 1, "man": 1}))
    assert codes(result) == [roster.BELOW_TARGET, roster.REGIONS_MISSING]
    assert result.warnings[0].params == {"count": 2, "target": 5}
    assert result.warnings[1].params == {"regions": ("APG", "EEG", "GRULAC")}


def test_english_does_not_count_towards_languages():
    result = assess(RosterFacts(1, {"AFR": 1}, frozenset({"en", "fr"}), {"woman": 1}),
                    target=1, min_languages=2)
    few = [w for w in result.warnings if w.code == roster.FEW_LANGUAGES]
    assert few[0].params == {"count": 1, "minimum": 2}


def test_gender_imbalance_and_undeclared():
    result = assess(RosterFacts(4, {}, frozenset(), {"man": 3, "woman": 0,
                                                     roster.UNDECLARED: 1}))
    imbalance = [w for w in result.warnings if w.code == roster.GENDER_IMBALANCE][0]
    assert imbalance.params == {"gender": "man", "percent": 100, "maximum": 60}
    undeclared = [w for w in result.warnings if w.code == roster.GENDER_UNDECLARED][0]
    assert undeclared.params == {"count": 1}


def test_sixty_percent_is_still_balanced():
    result = assess(RosterFacts(5, {}, frozenset(), {"woman": 3, "man": 2}))
    assert roster.GENDER_IMBALANCE not in codes(result)


def test_a_single_partner_is_not_judged_on_gender():
    result = assess(RosterFacts(1, {}, frozenset(), {"woman": 1}))
    assert roster.GENDER_IMBALANCE not in codes(result)


def test_target_is_configurable():
    facts = RosterFacts(3, {}, frozenset(), {})
    assert roster.BELOW_TARGET not in codes(assess(facts, target=3))
    assert roster.BELOW_TARGET in codes(assess(facts, target=4))


def test_the_module_imports_neither_flask_nor_sqlalchemy():
    tree = ast.parse(Path(roster.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"flask", "flask_babel", "sqlalchemy", "flask_sqlalchemy"}
