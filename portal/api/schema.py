"""Fields declared once and used three ways: to write JSON, to read input, to describe both.

A ``Resource`` lists the fields an object shows in the API. The same declaration turns a
model into JSON (``dump``) and into its JSON Schema for OpenAPI (``schema``), so the
description cannot drift from what the API sends. Fields also parse query parameters
(``parse``, from text) and JSON bodies (``load``, from decoded JSON).
"""
import re
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l

from portal.forms import DATE_OUT_OF_RANGE, FIRST_YEAR, LAST_YEAR
from portal.i18n import LANGUAGES, html_lang, lazy_number
from portal.i18n_text import localized

# Query-string spellings of the six languages, mapped to the catalog names.
LANGUAGE_TAGS = {html_lang(code): code for code in LANGUAGES} | {
    code: code for code in LANGUAGES} | {"zh": "zh_Hans"}


class Invalid(ValueError):
    """A value a field refuses; the message is translated and shown in ``invalid-params``."""


class Field:
    json_type: dict = {"type": "string"}

    def __init__(self, source=None, *, description=None, nullable=False, enum=None):
        self.source = source
        self.description = description
        self.nullable = nullable
        self.enum = tuple(enum) if enum else None

    # -- output ---------------------------------------------------------------------------
    def dump(self, obj, name):
        source = self.source or name
        value = source(obj) if callable(source) else _attribute(obj, source)
        return None if value is None else self.convert(value)

    def convert(self, value):
        return value

    # -- input ----------------------------------------------------------------------------
    def parse(self, text: str):
        """A query-string value (always text)."""
        return self.load(text)

    def load(self, value):
        """A decoded JSON value: check its type and limits, return the Python value."""
        if value is None:
            if self.nullable:
                return None
            raise Invalid(_l("A value is required."))
        value = self.check(value)
        if self.enum is not None and value not in self.enum:
            raise Invalid(_l("Use one of: %(values)s.", values=", ".join(map(str, self.enum))))
        return value

    def check(self, value):
        return value

    # -- description ----------------------------------------------------------------------
    def schema(self) -> dict:
        schema = dict(self.json_type)
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        if self.nullable:
            schema = _nullable(schema)
        if self.description:
            schema["description"] = str(self.description)
        return schema

    def resources(self):
        return ()


def _attribute(obj, dotted: str):
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part)
    return obj


def _nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    if "type" in schema:
        schema = dict(schema, type=[schema["type"], "null"])
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


NO_NUL = "^[^\\u0000]*$"


class String(Field):
    def __init__(self, source=None, *, max_length=None, min_length=None, pattern=None,
                 **kwargs):
        super().__init__(source, **kwargs)
        self.max_length, self.min_length, self.pattern = max_length, min_length, pattern

    @property
    def json_type(self):
        schema = {"type": "string"}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.min_length is not None:
            schema["minLength"] = self.min_length
        # Text never holds NUL: PostgreSQL cannot store it, and no person types it.
        if self.pattern is not None or self.enum is None:
            schema["pattern"] = self.pattern if self.pattern is not None else NO_NUL
        return schema

    def convert(self, value):
        return str(value)

    def check(self, value):
        if not isinstance(value, str):
            raise Invalid(_l("Expected text."))
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid(_l("At most %(max)s characters.", max=lazy_number(self.max_length)))
        if self.min_length is not None and len(value) < self.min_length:
            raise Invalid(_l("At least %(min)d characters.", min=self.min_length))
        if not re.search(self.pattern if self.pattern is not None else NO_NUL, value):
            raise Invalid(_l("This value does not have the expected form."))
        return value


class Integer(Field):
    def __init__(self, source=None, *, minimum=None, maximum=None, **kwargs):
        super().__init__(source, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    @property
    def json_type(self):
        schema = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema

    def parse(self, text):
        text = text.strip()
        if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 18:
            raise Invalid(_l("Expected a whole number."))
        return self.load(int(text))

    def check(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(_l("Expected a whole number."))
        if self.minimum is not None and value < self.minimum:
            raise Invalid(_l("At least %(min)d.", min=self.minimum))
        if self.maximum is not None and value > self.maximum:
            raise Invalid(_l("At most %(max)d.", max=self.maximum))
        return value


class Boolean(Field):
    json_type = {"type": "boolean"}

    def parse(self, text):
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise Invalid(_l("Expected true or false."))

    def check(self, value):
        if not isinstance(value, bool):
            raise Invalid(_l("Expected true or false."))
        return value


class Date(Field):
    json_type = {"type": "string", "format": "date"}

    def convert(self, value):
        return (value.date() if isinstance(value, datetime) else value).isoformat()

    def check(self, value):
        try:
            day = date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            raise Invalid(_l("Expected a date such as 2027-07-14.")) from None
        return _in_range(day)


class DateTime(Field):
    """Stored as naive UTC; written with an explicit ``Z``; read with any UTC offset."""

    json_type = {"type": "string", "format": "date-time"}

    def convert(self, value):
        return value.replace(microsecond=0).isoformat() + "Z"

    def check(self, value):
        try:
            moment = datetime.fromisoformat(value.replace("z", "Z")) \
                if isinstance(value, str) and "T" in value.upper() else None
        except ValueError:
            moment = None
        if moment is None or moment.utcoffset() is None:
            raise Invalid(_l("Expected a moment with its offset, such as "
                             "2027-03-01T09:00:00Z."))
        # Checked before the conversion to UTC, which overflows at year 1 or 9999.
        return _in_range(moment).astimezone(UTC).replace(tzinfo=None)


def _in_range(value):
    """The forms' bounds (portal.forms.FIRST_YEAR .. LAST_YEAR) for the API's dates too."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(DATE_OUT_OF_RANGE)
    return value


class PathText(String):
    """A path segment that may hold slashes (document symbols): routed with ``<path:>``."""


class Json(Field):
    """A value the domain already writes as JSON, described by the schema given."""

    def __init__(self, schema: dict, source=None, **kwargs):
        super().__init__(source, **kwargs)
        self.json_type = schema


class Language(Field):
    """One of the six languages, written as a BCP 47 tag (``zh-Hans``)."""

    json_type = {"type": "string", "enum": [html_lang(code) for code in LANGUAGES]}

    def convert(self, value):
        return html_lang(value)

    def check(self, value):
        if not isinstance(value, str) or value not in LANGUAGE_TAGS:
            raise Invalid(_l("Use one of the six official languages: %(codes)s.",
                             codes=", ".join(html_lang(code) for code in LANGUAGES)))
        return LANGUAGE_TAGS[value]


class Languages(Field):
    json_type = {"type": "array", "items": Language.json_type}

    def convert(self, value):
        return [html_lang(code) for code in value if code in LANGUAGES]

    def check(self, value):
        if not isinstance(value, list) or len(value) > len(LANGUAGES):
            raise Invalid(_l("Expected a list of languages."))
        return [Language().check(item) for item in value]


class Strings(Field):
    json_type = {"type": "array", "items": {"type": "string"}}

    def convert(self, value):
        return [str(item) for item in value]


class Localized(Field):
    """A text kept in several languages, shown in the language of the request."""

    def convert(self, value):
        return localized(value)


class Translations(Field):
    """Every language a text exists in: ``{"en": ..., "zh-Hans": ...}``."""

    json_type = {"type": "object",
                 "propertyNames": Language.json_type,
                 "additionalProperties": {"type": "string"}}

    def convert(self, value):
        return {html_lang(code): text for code, text in value.items()
                if code in LANGUAGES and text}


class Nested(Field):
    def __init__(self, resource, source=None, *, many=False, **kwargs):
        super().__init__(source, **kwargs)
        self.resource, self.many = resource, many

    @property
    def json_type(self):
        if self.many:
            return {"type": "array", "items": self.resource.ref}
        return self.resource.ref

    def convert(self, value):
        if self.many:
            return [self.resource.dump(item) for item in value]
        return self.resource.dump(value)

    def schema(self):
        schema = self.json_type if self.many else dict(self.resource.ref)
        if self.nullable:
            schema = _nullable(schema)
        if self.description:
            schema = {"allOf": [schema], "description": str(self.description)} \
                if "$ref" in schema else dict(schema, description=str(self.description))
        return schema

    def resources(self):
        return (self.resource,)


class Resource:
    """A named object of the API: its fields in the order they are written."""

    def __init__(self, name: str, description=None, /, **fields: Field):
        self.name, self.description, self.fields = name, description, fields

    @property
    def ref(self) -> dict:
        return {"$ref": f"#/components/schemas/{self.name}"}

    def dump(self, obj) -> dict:
        return {name: field.dump(obj, name) for name, field in self.fields.items()}

    def schema(self) -> dict:
        schema = {
            "type": "object",
            "properties": {name: field.schema() for name, field in self.fields.items()},
            "required": list(self.fields),
            "additionalProperties": False,
        }
        if self.description:
            schema["description"] = str(self.description)
        return schema

    def reachable(self) -> dict:
        """This resource and every resource its fields nest, by name."""
        found = {self.name: self}
        for field in self.fields.values():
            for nested in field.resources():
                if nested.name not in found:
                    found.update(nested.reachable())
        return found
