"""Tests for the UN regional group table (portal/registry/data/un_regional_groups.csv)."""

import csv
from collections import Counter

import pycountry
import pytest

from portal.countries import is_country
from portal.registry import regions
from portal.registry.regions import REGIONS, countries_in, region_of


def _codes(text):
    return set(text.split())


OBSERVERS = {"PS": "APG", "VA": "WEOG"}

# Independent transcription of the DGACM list (Member States only), so that a country
# moved to the wrong group in the CSV fails even when the per-group counts still match.
EXPECTED_MEMBERS = {
    "AFR": _codes(
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS "
        "LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW"
    ),
    "APG": _codes(
        "AF BH BD BT BN KH CN CY KP FJ IN ID IR IQ JP JO KZ KI KW KG LA LB MY MV MH FM MN "
        "MM NR NP OM PK PW PG PH QA KR WS SA SG SB LK SY TJ TH TL TO TM TV AE UZ VU VN YE"
    ),
    "EEG": _codes("AL AM AZ BY BA BG HR CZ EE GE HU LV LT ME MK PL MD RO RU RS SK SI UA"),
    "GRULAC": _codes(
        "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN "
        "LC VC SR TT UY VE"
    ),
    "WEOG": _codes(
        "AD AU AT BE CA DK FI FR DE GR IS IE IL IT LI LU MT MC NL NZ NO PT SM ES SE CH TR GB US"
    ),
}

# Member States per group as counted by DGACM.  APG is 53 without Kiribati and 54 with it
# (the table includes Kiribati); WEOG is 28 full members plus the United States, which is
# counted with WEOG for electoral purposes.
EXPECTED_COUNTS = {"AFR": 54, "APG": 54, "EEG": 23, "GRULAC": 33, "WEOG": 29}


def _rows():
    with regions.DATA_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [row for row in reader if row]


def _member_states():
    return {code: group for code, group in regions._table().items() if code not in OBSERVERS}


def test_regions_order():
    assert REGIONS == ("AFR", "APG", "EEG", "GRULAC", "WEOG")


def test_csv_shape():
    header, rows = _rows()
    assert header == ["alpha2", "group"]
    assert all(len(row) == 2 for row in rows)
    codes = [code for code, _ in rows]
    assert len(codes) == len(set(codes)) == 195  # 193 Member States + 2 observer States
    assert {group for _, group in rows} == set(REGIONS)
    assert all(code == code.upper() and len(code) == 2 for code in codes)


def test_193_member_states_and_two_observers():
    table = regions._table()
    assert len(table) == 195
    assert len(_member_states()) == 193
    assert {code: table[code] for code in OBSERVERS} == OBSERVERS


@pytest.mark.parametrize("group", REGIONS)
def test_member_count_per_group(group):
    members = [code for code, g in _member_states().items() if g == group]
    assert len(members) == EXPECTED_COUNTS[group]


def test_counts_add_up_to_193():
    assert sum(EXPECTED_COUNTS.values()) == 193
    assert Counter(_member_states().values()) == Counter(EXPECTED_COUNTS)


@pytest.mark.parametrize("group", REGIONS)
def test_group_membership_matches_dgacm_list(group):
    observers = {code for code, g in OBSERVERS.items() if g == group}
    assert set(countries_in(group)) == EXPECTED_MEMBERS[group] | observers


def test_every_code_is_valid_in_pycountry():
    bad = [code for code in regions._table() if pycountry.countries.get(alpha_2=code) is None]
    assert bad == []


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("KE", "AFR"),
        ("CN", "APG"),
        ("PL", "EEG"),
        ("BR", "GRULAC"),
        ("FR", "WEOG"),
        ("TR", "WEOG"),  # participates in APG too, counted WEOG for elections
        ("US", "WEOG"),  # observer in WEOG, counted WEOG for elections
        ("IL", "WEOG"),  # full WEOG member (New York)
        ("KI", "APG"),  # long in no group, now listed in Asia-Pacific
        ("CY", "APG"),
        ("PS", "APG"),  # non-member observer State
        ("VA", "WEOG"),  # non-member observer State
        ("KZ", "APG"),
        ("KG", "APG"),
        ("TJ", "APG"),
        ("TM", "APG"),
        ("UZ", "APG"),
        ("EE", "EEG"),
        ("LV", "EEG"),
        ("LT", "EEG"),
        ("GE", "EEG"),
        ("AM", "EEG"),
        ("AZ", "EEG"),
        ("AU", "WEOG"),
        ("NZ", "WEOG"),
        ("CA", "WEOG"),
        ("ZA", "AFR"),
        ("EG", "AFR"),
        ("MX", "GRULAC"),
        ("RU", "EEG"),
    ],
)
def test_spot_checks(code, group):
    assert region_of(code) == group


@pytest.mark.parametrize("code", ["ke", "Ke", " KE ", "kE"])
def test_region_of_is_case_insensitive(code):
    assert region_of(code) == "AFR"


@pytest.mark.parametrize("code", ["XX", "ZZ", "", "K", "KEN", "U S", "12", None, 49])
def test_unknown_code_gives_none(code):
    assert region_of(code) is None


@pytest.mark.parametrize("code", ["GL", "PR", "HK", "NC", "GI", "AQ", "TW", "EH", "XK"])
def test_territories_and_non_members_have_no_group(code):
    assert region_of(code) is None


def test_only_listed_countries_have_a_group():
    table = regions._table()
    for country in pycountry.countries:
        if country.alpha_2 not in table:
            assert region_of(country.alpha_2) is None


def test_countries_in_is_sorted_and_consistent():
    seen = []
    for group in REGIONS:
        codes = countries_in(group)
        assert codes == sorted(codes)
        assert all(region_of(code) == group for code in codes)
        seen.extend(codes)
    assert sorted(seen) == sorted(regions._table())


def test_countries_in_is_case_insensitive():
    assert countries_in("grulac") == countries_in("GRULAC")


@pytest.mark.parametrize("region", ["EU", "", "Africa", "WEOG+"])
def test_countries_in_unknown_region_raises(region):
    with pytest.raises(ValueError):
        countries_in(region)


@pytest.mark.parametrize("code", ["FR", "fr", "GL", "PR", "HK", "NC", "PS", "VA"])
def test_is_country_true(code):
    assert is_country(code) is True


@pytest.mark.parametrize("code", ["XX", "ZZ", "", "FRA", "F", None, 12])
def test_is_country_false(code):
    assert is_country(code) is False


def test_table_loaded_once():
    regions._table.cache_clear()
    region_of("FR")
    region_of("KE")
    countries_in("APG")
    info = regions._table.cache_info()
    assert info.misses == 1
    assert info.hits >= 2


def test_csv_ships_next_to_module():
    assert regions.DATA_FILE.name == "un_regional_groups.csv"
    assert regions.DATA_FILE.parent.name == "data"
    assert regions.DATA_FILE.is_file()
    assert (regions.DATA_FILE.parent / "UN_REGIONAL_GROUPS.md").is_file()
