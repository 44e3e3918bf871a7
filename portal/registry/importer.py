"""Import organizations from a CSV file (for example the ECOSOC consultative-status list).

The file is UTF-8 (a byte-order mark is allowed), comma-separated, with a header row.
Columns (order free, names case-insensitive):

==============  ========  ==========================================================
column          required  content
==============  ========  ==========================================================
name            yes       the organization's name
name_language   no        language of the name: ar, zh_Hans, en, fr, ru, es (en)
country         yes       ISO 3166-1 alpha-2 code, e.g. KE
type            yes       ngo, community, network, indigenous, women, youth,
                          trade_union, farmers, business, research,
                          local_authority, foundation, other
groups          no        short names of major groups separated by ";", e.g. women;ngos
website         no        address starting with http:// or https://
languages       no        working languages separated by ";", e.g. en;fr
size            no        small, medium, large, very_large
frontline       no        yes or no (frontline or grassroots organization)
==============  ========  ==========================================================

Every row is checked before anything is written: a dry run, or a file with any bad
row, writes nothing and reports every bad row with its line number and reason.
Imported organizations are verified (the list they come from is official) and have
no focal point until someone asks to join.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal import csvfile
from portal.countries import is_country
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.registry.labels import ORG_TYPES, SIZES
from portal.registry.models import VERIFIED, MajorGroup, Organization
from portal.registry.regions import region_of
from portal.registry.services import fold, name_key_of

REQUIRED = ("name", "country", "type")
OPTIONAL = ("name_language", "groups", "website", "languages", "size", "frontline")
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 20_000
TRUE = {"yes", "y", "true", "1", "oui", "sí", "si"}
FALSE = {"", "no", "n", "false", "0", "non"}


@dataclass
class Problem:
    line: int
    message: object  # a lazy translated string


@dataclass
class Report:
    rows: list = field(default_factory=list)  # valid organizations, not yet added
    problems: list[Problem] = field(default_factory=list)
    written: int = 0

    @property
    def valid(self) -> bool:
        return not self.problems and bool(self.rows)


def check(data: bytes) -> Report:
    """Read and check the whole file; add nothing to the database."""
    report = Report()
    upload = csvfile.read(data, REQUIRED, OPTIONAL, MAX_ROWS)
    report.problems.extend(Problem(line, message) for line, message in upload.problems)
    if upload.problems and not upload.rows:
        return report
    groups = {g.slug: g for g in db.session.scalars(db.select(MajorGroup))}
    existing = set(db.session.execute(db.select(Organization.name_key, Organization.country)))
    seen: dict[tuple, int] = {}
    for line, values in upload.rows:
        problem = _check_row(values, groups)
        if problem is None:
            key = (name_key_of(values["name"]), values["country"].upper())
            if key in existing:
                problem = _l("Already registered: an organization with this name exists in "
                             "this country.")
            elif key in seen:
                problem = _l("Duplicate of line %(line)d.", line=seen[key])
            else:
                seen[key] = line
        if problem is not None:
            report.problems.append(Problem(line, problem))
        else:
            report.rows.append(_organization(values, groups))
    if not report.rows and not report.problems:
        report.problems.append(Problem(1, _l("The file has no organizations.")))
    return report


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _check_row(values: dict, groups: dict):
    for column in REQUIRED:
        if not values.get(column):
            return _l("The column %(column)s is empty.", column=column)
    if len(values["name"]) > 300:
        return _l("The name is longer than 300 characters.")
    if not is_country(values["country"]):
        return _l("Unknown country code %(code)s.", code=values["country"])
    if values["type"] not in ORG_TYPES:
        return _l("Unknown organization type %(value)s.", value=values["type"])
    language = values.get("name_language") or "en"
    if language not in LANGUAGES:
        return _l("Unknown language %(value)s.", value=language)
    unknown = [slug for slug in _split(values.get("groups", "")) if slug not in groups]
    if unknown:
        return _l("Unknown group %(value)s.", value=", ".join(unknown))
    unknown = [code for code in _split(values.get("languages", "")) if code not in LANGUAGES]
    if unknown:
        return _l("Unknown language %(value)s.", value=", ".join(unknown))
    website = values.get("website", "")
    if website and (not website.startswith(("http://", "https://")) or len(website) > 500):
        return _l("The website must be an address starting with http:// or https://.")
    if values.get("size") and values["size"] not in SIZES:
        return _l("Unknown size %(value)s.", value=values["size"])
    if values.get("frontline", "").lower() not in TRUE | FALSE:
        return _l("Frontline must be yes or no, not %(value)s.", value=values["frontline"])
    return None


def _organization(values: dict, groups: dict) -> Organization:
    name = values["name"]
    country = values["country"].upper()
    org = Organization(
        names={values.get("name_language") or "en": name}, name_key=name_key_of(name),
        search_text=fold(name), country=country, region=region_of(country),
        org_type=values["type"], website=values.get("website") or None,
        working_languages=_split(values.get("languages", "")),
        size=values.get("size") or None,
        frontline=values.get("frontline", "").lower() in TRUE, status=VERIFIED)
    org.groups = [groups[slug] for slug in _split(values.get("groups", ""))]
    return org


def import_organizations(data: bytes, dry_run: bool = False) -> Report:
    """Check the file; add every organization only if every row is valid."""
    report = check(data)
    if report.valid and not dry_run:
        db.session.add_all(report.rows)
        db.session.flush()
        report.written = len(report.rows)
    else:
        # Nothing of a refused or dry-run file may reach the database.
        for org in report.rows:
            if org in db.session:
                db.session.expunge(org)
    return report
