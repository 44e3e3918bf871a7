"""The UN's country list (M49) in six languages, as every form and page shows it."""
import pycountry
import pytest

from portal import countries
from portal.registry import regions

# A sample of UN short names in every M49 region, in the six languages (UNTERM / M49).
SAMPLES = {
    "KR": {"en": "Republic of Korea", "fr": "République de Corée", "es": "República de Corea",
           "ru": "Республика Корея", "zh_Hans": "大韩民国", "ar": "جمهورية كوريا"},
    "RU": {"en": "Russian Federation", "fr": "Fédération de Russie",
           "es": "Federación de Rusia", "ru": "Российская Федерация", "zh_Hans": "俄罗斯联邦",
           "ar": "الاتحاد الروسي"},
    "SY": {"en": "Syrian Arab Republic", "fr": "République arabe syrienne",
           "es": "República Árabe Siria", "ru": "Сирийская Арабская Республика",
           "zh_Hans": "阿拉伯叙利亚共和国", "ar": "الجمهورية العربية السورية"},
    "PS": {"en": "State of Palestine", "fr": "État de Palestine", "es": "Estado de Palestina",
           "ru": "Государство Палестина", "zh_Hans": "巴勒斯坦国", "ar": "دولة فلسطين"},
    "TR": {"en": "Türkiye", "fr": "Türkiye", "es": "Türkiye", "zh_Hans": "土耳其"},
    "CI": {"en": "Côte d'Ivoire", "fr": "Côte d'Ivoire", "es": "Côte d'Ivoire",
           "ru": "Кот-д'Ивуар", "zh_Hans": "科特迪瓦", "ar": "كوت ديفوار"},
    "TZ": {"en": "United Republic of Tanzania", "fr": "République-Unie de Tanzanie",
           "zh_Hans": "坦桑尼亚联合共和国", "ar": "جمهورية تنزانيا المتحدة"},
    "BO": {"en": "Bolivia (Plurinational State of)", "fr": "Bolivie (État plurinational de)",
           "es": "Bolivia (Estado Plurinacional de)", "zh_Hans": "多民族玻利维亚国",
           "ru": "Боливия (Многонациональное Государство)"},
    "VE": {"en": "Venezuela (Bolivarian Republic of)",
           "es": "Venezuela (República Bolivariana de)", "zh_Hans": "委内瑞拉玻利瓦尔共和国"},
    "GB": {"en": "United Kingdom of Great Britain and Northern Ireland",
           "zh_Hans": "大不列颠及北爱尔兰联合王国", "ru": "Соединенное Королевство "
           "Великобритании и Северной Ирландии"},
    "FM": {"en": "Micronesia (Federated States of)", "zh_Hans": "密克罗尼西亚联邦",
           "fr": "Micronésie (États fédérés de)"},
    "IR": {"en": "Iran (Islamic Republic of)", "fr": "Iran (République islamique d')",
           "ar": "إيران (جمهورية - الإسلامية)"},
    "HK": {"en": "China, Hong Kong Special Administrative Region",
           "zh_Hans": "中国香港特别行政区"},
    "VA": {"en": "Holy See", "fr": "Saint-Siège", "zh_Hans": "教廷", "ar": "الكرسي الرسولي"},
}


@pytest.mark.parametrize("code", SAMPLES)
def test_names_are_the_uns_in_each_language(code):
    for language, expected in SAMPLES[code].items():
        assert countries.country_name(code, language) == expected, (code, language)


def test_every_m49_region_has_its_members():
    regions_of_members = {c.region for c in countries.countries() if c.is_state}
    assert regions_of_members == {"002", "019", "142", "150", "009"}


def test_the_list_has_the_member_and_observer_states_of_the_regional_groups():
    states = {c.alpha2 for c in countries.countries() if c.is_state}
    assert len([c for c in countries.countries() if c.status == "member"]) == 193
    assert states == set(regions._table())  # the standards' regional groups agree


def test_codes_agree_with_iso_3166():
    for country in countries.countries():
        iso = pycountry.countries.get(alpha_2=country.alpha2)
        assert (iso.alpha_3, iso.numeric) == (country.alpha3, country.m49), country.alpha2


def test_taiwan_is_not_listed_as_a_state():
    assert not countries.is_country("TW")
    assert countries.country_name("TW") is None
    for language in countries.LANGUAGES:
        codes = [code for code, _name in countries.country_choices(language)]
        assert "TW" not in codes and len(codes) == len(set(codes)) == 248


def test_lookup_takes_either_iso_code_in_any_case():
    assert countries.lookup(" kor ").alpha2 == countries.lookup("kr").alpha2 == "KR"
    assert countries.is_country("kr") and not countries.is_country("KOR")
    for bad in ("", "XX", None, 12, "K"):
        assert countries.lookup(bad) is None and not countries.is_country(bad)


@pytest.mark.parametrize(("language", "before", "after"), [
    ("zh_Hans", "阿富汗", "中国"),  # pinyin: A before Z, not by code point
    ("es", "Níger", "Nigeria"),  # accents are secondary: Níger, Nigeria, Noruega
    ("fr", "Égypte", "Érythrée"),  # É sorts with E, not after Z
    ("ru", "Австралия", "Япония"),
])
def test_choices_follow_each_languages_collation(language, before, after):
    names = [name for _code, name in countries.country_choices(language)]
    assert names.index(before) < names.index(after)
    if language == "fr":
        assert names.index("Érythrée") < names.index("Zambie")
