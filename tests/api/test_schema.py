"""Fields: one declaration writes JSON, reads input and describes both."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from portal.api.schema import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Invalid,
    Language,
    Languages,
    Nested,
    Resource,
    String,
    Translations,
)

REF = Resource("Ref", None, id=Integer())
THING = Resource("Thing", "A thing.", id=Integer(), when=DateTime(nullable=True),
                 ref=Nested(REF, nullable=True), names=Translations(),
                 languages=Languages(), day=Date("event.day"))


def test_one_declaration_writes_json_and_its_schema():
    thing = SimpleNamespace(id=3, when=datetime(2027, 7, 14, 9, 30, 5, 123), ref=None,
                            names={"en": "Thing", "zh_Hans": "东西", "xx": "?", "fr": ""},
                            languages=["zh_Hans", "en", "de"],
                            event=SimpleNamespace(day=date(2027, 7, 15)))
    assert THING.dump(thing) == {"id": 3, "when": "2027-07-14T09:30:05Z", "ref": None,
                                 "names": {"en": "Thing", "zh-Hans": "东西"},
                                 "languages": ["zh-Hans", "en"], "day": "2027-07-15"}
    schema = THING.schema()
    assert schema["required"] == ["id", "when", "ref", "names", "languages", "day"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["when"]["type"] == ["string", "null"]
    assert schema["properties"]["ref"] == {"anyOf": [{"$ref": "#/components/schemas/Ref"},
                                                     {"type": "null"}]}
    assert set(THING.reachable()) == {"Thing", "Ref"}


@pytest.mark.parametrize(("field", "text", "value"), [
    (Integer(minimum=1, maximum=5), "5", 5),
    (Boolean(), "true", True),
    (Boolean(), "0", False),
    (Language(), "zh", "zh_Hans"),
    (Language(), "zh-Hans", "zh_Hans"),
    (String(enum=("a", "b")), "b", "b"),
])
def test_query_values_are_parsed(field, text, value):
    assert field.parse(text) == value


@pytest.mark.parametrize(("field", "text"), [
    (Integer(minimum=1, maximum=5), "6"), (Integer(minimum=1), "0"), (Integer(), "1.5"),
    (Integer(), "9" * 30), (Integer(), "٣"), (Boolean(), "yes"), (Language(), "de"),
    (String(enum=("a", "b")), "c"), (String(max_length=2), "abc"),
    (String(pattern="^[A-Z]{2}$"), "KEN"),
])
def test_bad_query_values_are_refused(field, text):
    with pytest.raises(Invalid):
        field.parse(text)


@pytest.mark.parametrize(("field", "value"), [
    (Integer(), True), (Integer(), "3"), (String(), 3), (Boolean(), 1), (String(), None),
    (Date(), "14/07/2027"), (Date(), 20270714), (Language(), ["en"]),
])
def test_json_values_of_the_wrong_type_are_refused(field, value):
    with pytest.raises(Invalid):
        field.load(value)


def test_nullable_fields_accept_null_and_say_so():
    assert String(nullable=True).load(None) is None
    assert String(enum=("a",), nullable=True).schema() == {"type": ["string", "null"],
                                                           "enum": ["a", None]}
    assert Date().load("2027-07-14") == date(2027, 7, 14)
