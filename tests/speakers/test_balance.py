"""The balance rules and the advisor, with plain values (no application, no database)."""
import itertools
import random
from fractions import Fraction

import pytest

from portal.speakers.balance import (
    FRONTLINE_SHARE,
    GENDER_BALANCE,
    REGIONAL_COVERAGE,
    ROTATION,
    SLOTS,
    Candidate,
    SelectionProfile,
    advise,
    all_passed,
    evaluate,
    fewest_recent,
    places,
)

REGIONS = ("AFR", "APG", "EEG", "GRULAC", "WEOG")


def people(*rows):
    """(gender, region, frontline, recent) rows -> candidates numbered from 1."""
    return [Candidate(number, *row) for number, row in enumerate(rows, start=1)]


def finding(findings, code):
    return next(f for f in findings if f.code == code)


OPEN = SelectionProfile(max_gender_share=Fraction(1), min_regions=0,
                        max_region_share=Fraction(1))


def test_gender_limit_boundary_three_of_five_passes_four_of_six_fails():
    profile = SelectionProfile(max_gender_share=Fraction(3, 5), min_regions=0,
                               max_region_share=Fraction(1))
    five = people(*[("woman", "AFR", False, False)] * 3, *[("man", "AFR", False, False)] * 2)
    assert finding(evaluate(profile, 5, five, [1, 2, 3, 4, 5]), GENDER_BALANCE).passed
    six = people(*[("woman", "AFR", False, False)] * 4, *[("man", "AFR", False, False)] * 2)
    result = finding(evaluate(profile, 6, six, range(1, 7)), GENDER_BALANCE)
    assert not result.passed and result.actual == 66.7


def test_undeclared_gender_is_shown_not_counted():
    cands = people(("woman", "AFR", False, False), (None, "AFR", False, False))
    result = finding(evaluate(SelectionProfile(min_regions=0, max_region_share=Fraction(1)),
                              2, cands, [1, 2]), GENDER_BALANCE)
    assert result.params["undeclared"] == 1 and not result.passed  # 1 of 1 declared: 100%


def test_frontline_minimum_boundary():
    profile = SelectionProfile(max_gender_share=Fraction(1), min_regions=0,
                               max_region_share=Fraction(1), min_frontline_share=Fraction(1, 2))
    cands = people(*[("woman", "AFR", True, False)] * 2, *[("woman", "AFR", False, False)] * 3)
    assert finding(evaluate(profile, 4, cands, [1, 2, 3, 4]), FRONTLINE_SHARE).passed
    assert not finding(evaluate(profile, 4, cands, [1, 3, 4, 5]), FRONTLINE_SHARE).passed


def test_a_list_must_fill_the_slots_but_not_exceed_them():
    cands = people(*[("woman", "AFR", False, False)] * 4)
    assert finding(evaluate(OPEN, 3, cands, [1, 2, 3]), SLOTS).passed
    assert not finding(evaluate(OPEN, 3, cands, [1, 2]), SLOTS).passed
    assert not finding(evaluate(OPEN, 3, cands, [1, 2, 3, 4]), SLOTS).passed
    assert places(10, cands) == 4  # fewer candidates than slots: all of them


def test_rotation_ranks_a_recent_organization_after_one_that_did_not_speak():
    profile = SelectionProfile(max_gender_share=Fraction(1), min_regions=0,
                               max_region_share=Fraction(1), rotation_sessions=2)
    cands = people(("woman", "AFR", False, True), ("woman", "AFR", False, False))
    assert not finding(evaluate(profile, 1, cands, [1]), ROTATION).passed
    advice = advise(profile, 1, cands, [1])
    assert advice.selected == (2,)
    assert advice.swaps[0].remove == 1 and advice.swaps[0].add == 2
    assert advice.swaps[0].reasons == (ROTATION,)


def test_rotation_tie_goes_to_the_better_ranked_then_the_earlier_application():
    profile = SelectionProfile(max_gender_share=Fraction(1), min_regions=0,
                               max_region_share=Fraction(1), rotation_sessions=1)
    cands = [Candidate(7, "man", "AFR", False, False, rank=2),
             Candidate(8, "man", "AFR", False, False, rank=1),
             Candidate(9, "man", "AFR", False, False, rank=1)]
    assert advise(profile, 1, cands).selected == (8,)


def test_rotation_gives_way_to_balance():
    """The only African candidate spoke recently: taking them is the fewest recent speakers
    a list covering two regions can have, so rotation passes."""
    profile = SelectionProfile(max_gender_share=Fraction(1), min_regions=2,
                               max_region_share=Fraction(1), rotation_sessions=1)
    cands = people(("man", "AFR", False, True), ("man", "WEOG", False, False),
                   ("man", "WEOG", False, False))
    findings = evaluate(profile, 2, cands, [1, 2])
    assert finding(findings, ROTATION).passed and finding(findings, ROTATION).required == 1
    assert not finding(evaluate(profile, 2, cands, [2, 3]), REGIONAL_COVERAGE).passed


def test_an_impossible_profile_names_the_criterion():
    all_men = people(*[("man", region, False, False) for region in REGIONS])
    advice = advise(SelectionProfile(max_gender_share=Fraction(3, 5)), 3, all_men)
    assert not advice.possible and advice.blocking == (GENDER_BALANCE,)
    three_regions = people(*[(g, r, False, False) for g in ("woman", "man")
                             for r in REGIONS[:3]])
    advice = advise(SelectionProfile(min_regions=4), 4, three_regions)
    assert advice.blocking == (REGIONAL_COVERAGE,)


def test_criteria_impossible_only_together_are_both_named():
    # Frontline people are all men: a frontline majority breaks the gender limit.
    cands = people(*[("man", r, True, False) for r in REGIONS],
                   *[("woman", r, False, False) for r in REGIONS])
    profile = SelectionProfile(max_gender_share=Fraction(1, 2), min_regions=0,
                               min_frontline_share=Fraction(3, 4))
    advice = advise(profile, 4, cands)
    assert advice.blocking == (GENDER_BALANCE, FRONTLINE_SHARE)


def test_profile_round_trips_through_its_stored_form():
    profile = SelectionProfile(max_gender_share=Fraction(5, 8), min_regions=2,
                               max_region_share=Fraction(1, 3),
                               min_frontline_share=Fraction(1, 4), rotation_sessions=3)
    assert SelectionProfile.from_dict(profile.to_dict()) == profile
    with pytest.raises(ValueError):
        SelectionProfile.from_dict({"max_gender_shares": 60})


def _changes(current, chosen):
    return len(set(current) ^ set(chosen))


@pytest.mark.parametrize("seed", range(2))
def test_advice_passes_and_no_smaller_change_would(seed):
    """Exhaustive check on small random cases: whenever some full list meets every
    criterion, the advice meets them too, and no list closer to the current one does."""
    rng = random.Random(seed)
    checked = impossible = 0
    for _case in range(25):
        cands = [Candidate(i, rng.choice(("woman", "man", None)), rng.choice(REGIONS[:4]),
                           rng.random() < 0.4, rng.random() < 0.3) for i in range(1, 8)]
        slots = rng.choice((3, 4))
        profile = SelectionProfile(max_gender_share=Fraction(rng.choice((1, 2, 3)), 3) or 1,
                                   min_regions=rng.choice((0, 2, 3)),
                                   max_region_share=Fraction(rng.choice((1, 2)), 2),
                                   min_frontline_share=rng.choice((None, Fraction(1, 3))),
                                   rotation_sessions=rng.choice((0, 2)))
        current = rng.sample([c.id for c in cands], slots)
        fewest = fewest_recent(profile, slots, cands)
        passing = [combo for combo in itertools.combinations([c.id for c in cands], slots)
                   if all_passed(evaluate(profile, slots, cands, combo, fewest))]
        advice = advise(profile, slots, cands, current)
        if not passing:
            assert not advice.possible and advice.blocking
            impossible += 1
            continue
        checked += 1
        assert all_passed(evaluate(profile, slots, cands, advice.selected))
        assert _changes(current, advice.selected) == min(_changes(current, c) for c in passing)
        assert len(advice.swaps) == _changes(current, advice.selected) // 2
    assert checked and impossible  # both branches were exercised
