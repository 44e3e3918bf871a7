"""One translated sentence per finding of ``portal.statements.standards`` (view layer).

The pure module returns numbers; this module turns each finding's ``code`` and ``params``
into a sentence in the reader's language. Durations are written as days, hours and minutes
(plural messages of the catalogs): ``format_timedelta`` rounds to a single unit, so 13 days
23 hours would read "2 weeks" right next to a failed 14-day minimum.
"""
from datetime import timedelta

from babel.lists import format_list
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.i18n import format_share, ngettext
from portal.statements import standards, standards_advice

CRITERIA = {
    standards.CONSULTATION_TIME: _l("Consultation time"),
    standards.PARTICIPANTS: _l("Participants"),
    standards.GENDER_BALANCE: _l("Gender balance"),
    standards.REGIONAL_COVERAGE: _l("Regions represented"),
    standards.REGIONAL_BALANCE: _l("Regional balance"),
    standards.FRONTLINE_SHARE: _l("Frontline and grassroots participants"),
    standards.LENGTH: _l("Length"),
}
GENDERS = {"woman": _l("Women"), "man": _l("Men"), "other": _l("Another gender")}
REGIONS = {
    "AFR": _l("African States"),
    "APG": _l("Asia-Pacific States"),
    "EEG": _l("Eastern European States"),
    "GRULAC": _l("Latin American and Caribbean States"),
    "WEOG": _l("Western European and other States"),
}


def criterion_label(code: str) -> str:
    return str(CRITERIA.get(code, code))


def gender_label(key: str) -> str:
    return str(GENDERS.get(key, key))


def region_label(key: str) -> str:
    return str(REGIONS.get(key, key))


def duration(seconds: int) -> str:
    """"14 days", "13 days, 23 hours and 59 minutes" (locale's words and list style)."""
    locale = get_locale()
    value = timedelta(seconds=seconds)
    days, rest = value.days, value.seconds
    hours, minutes = rest // 3600, rest % 3600 // 60
    # Our own plural messages: CLDR, through Babel, lacks the long day unit in Arabic and
    # Chinese and showed "14 duration-day".
    parts = [words for amount, words in (
        (days, ngettext("%(num)s day", "%(num)s days", days)),
        (hours, ngettext("%(num)s hour", "%(num)s hours", hours)),
        (minutes, ngettext("%(num)s minute", "%(num)s minutes", minutes))) if amount]
    if not parts:
        return ngettext("%(num)s minute", "%(num)s minutes", 0)
    return format_list(parts, locale=locale)


def finding_message(finding: standards.Finding) -> str:
    """The sentence for one criterion; ``passed`` and the numbers decide the wording."""
    return _MESSAGES[finding.code](finding, finding.params)


def _consultation_time(f, p):
    required = duration(f.required)
    if p.get("not_opened"):
        return _("No consultation has been opened; it must run at least %(required)s.",
                 required=required)
    if p.get("open"):
        return _("The consultation is still open (%(actual)s so far). It must run at least "
                 "%(required)s and be closed.", actual=duration(f.actual), required=required)
    if f.passed:
        return _("The consultation ran %(actual)s; the minimum is %(required)s.",
                 actual=duration(f.actual), required=required)
    return _("The consultation ran %(actual)s, less than the minimum of %(required)s.",
             actual=duration(f.actual), required=required)


def _participants(f, p):
    actual = ngettext("%(num)s person took part", "%(num)s people took part", f.actual)
    if f.passed:
        return _("%(actual)s; the minimum is %(required)s.", actual=actual,
                 required=format_decimal(f.required))
    return _("%(actual)s, fewer than the minimum of %(required)s.", actual=actual,
             required=format_decimal(f.required))


def _undeclared(p, key):
    count = p.get(key, 0)
    if not count:
        return ""
    if key == "undeclared":
        return " " + ngettext(
            "%(num)s participant did not declare a gender and is not counted in the shares.",
            "%(num)s participants did not declare a gender and are not counted in the shares.",
            count)
    return " " + ngettext(
        "%(num)s participant's region is unknown and is not counted in the shares.",
        "%(num)s participants' regions are unknown and are not counted in the shares.", count)


def _gender_balance(f, p):
    note = _undeclared(p, "undeclared")
    if p.get("no_data"):
        return _("No participant declared a gender, so the balance cannot be judged.") + note
    values = dict(gender=gender_label(p["gender"]), actual=format_share(f.actual),
                  required=format_share(f.required))
    if f.passed:
        return _("The largest group, %(gender)s, is %(actual)s of those who declared a "
                 "gender; the maximum is %(required)s.", **values) + note
    return _("%(gender)s are %(actual)s of those who declared a gender, above the maximum of "
             "%(required)s.", **values) + note


def _regional_coverage(f, p):
    actual = ngettext("%(num)s of the five regional groups is represented",
                           "%(num)s of the five regional groups are represented", f.actual)
    missing = ""
    if p.get("missing"):
        missing = " " + _("Missing: %(regions)s.", regions=format_list(
            [region_label(r) for r in p["missing"]], locale=get_locale()))
    return _("%(actual)s; at least %(required)s are needed.", actual=actual,
             required=f.required) + missing


def _regional_balance(f, p):
    note = _undeclared(p, "unknown")
    if p.get("no_data"):
        return _("No participant's region is known, so the balance cannot be judged.") + note
    values = dict(region=region_label(p["region"]), actual=format_share(f.actual),
                  required=format_share(f.required))
    if f.passed:
        return _("The largest region, %(region)s, has %(actual)s of participants; the "
                 "maximum is %(required)s.", **values) + note
    return _("%(region)s have %(actual)s of participants, above the maximum of "
             "%(required)s.", **values) + note


def _frontline_share(f, p):
    if p.get("no_data"):
        return _("Nobody took part yet, so the share of frontline participants cannot be "
                 "judged.")
    values = dict(actual=format_share(f.actual), required=format_share(f.required))
    if f.passed:
        return _("Frontline and grassroots participants are %(actual)s; the minimum is "
                 "%(required)s.", **values)
    return _("Frontline and grassroots participants are %(actual)s, below the minimum of "
             "%(required)s.", **values)


def _length(f, p):
    actual = ngettext("The text has %(num)s word", "The text has %(num)s words", f.actual)
    if f.passed:
        return _("%(actual)s; the limit is %(required)s.", actual=actual,
                 required=format_decimal(f.required))
    return _("%(actual)s, more than the limit of %(required)s.", actual=actual,
             required=format_decimal(f.required))


_MESSAGES = {
    standards.CONSULTATION_TIME: _consultation_time,
    standards.PARTICIPANTS: _participants,
    standards.GENDER_BALANCE: _gender_balance,
    standards.REGIONAL_COVERAGE: _regional_coverage,
    standards.REGIONAL_BALANCE: _regional_balance,
    standards.FRONTLINE_SHARE: _frontline_share,
    standards.LENGTH: _length,
}


def shown_value(finding: standards.Finding, value) -> str:
    """``required`` or ``actual`` of a finding as a reader expects it (days, %, numbers)."""
    if finding.code == standards.CONSULTATION_TIME:
        return duration(value)
    if finding.code in (standards.GENDER_BALANCE, standards.REGIONAL_BALANCE,
                        standards.FRONTLINE_SHARE):
        return format_share(value)
    return format_decimal(value)


def _count_of(count: int, label: str, region: bool) -> str:
    if region:
        return _("%(count)s from %(region)s", count=format_decimal(count), region=label)
    return _("%(group)s: %(count)s", group=label, count=format_decimal(count))


def _single_gender(gender: str, num: int) -> str:
    if gender == "woman":
        return ngettext("At least %(num)s more woman.", "At least %(num)s more women.", num)
    if gender == "man":
        return ngettext("At least %(num)s more man.", "At least %(num)s more men.", num)
    return ngettext("At least %(num)s more participant of another gender.",
                    "At least %(num)s more participants of another gender.", num)


def _add_to_groups(advice: standards_advice.Advice) -> str:
    added, num = advice.params["add"], advice.amount
    region = advice.code == standards.REGIONAL_BALANCE
    if len(added) == 1:
        (key,) = added
        if not region:
            return _single_gender(key, num)
        return ngettext("At least %(num)s more participant from %(region)s, or a regional "
                        "consultation report from there.", "At least %(num)s more "
                        "participants from %(region)s, or a regional consultation report "
                        "from there.", num, region=region_label(key))
    label = region_label if region else gender_label
    groups = format_list([_count_of(count, label(key), region) for key, count in added.items()],
                         locale=get_locale())
    if region:
        return ngettext("At least %(num)s more participant: %(groups)s, or regional "
                        "consultation reports from those regions.", "At least %(num)s more "
                        "participants: %(groups)s, or regional consultation reports from "
                        "those regions.", num, groups=groups)
    return ngettext("At least %(num)s more participant who declares a gender: %(groups)s.",
                    "At least %(num)s more participants who declare a gender: %(groups)s.",
                    num, groups=groups)


def _add_regions(advice: standards_advice.Advice) -> str:
    regions = format_list([region_label(key) for key in advice.params["regions"]],
                          locale=get_locale())
    return ngettext("At least one participant from %(num)s more regional group (%(regions)s), "
                    "or a regional consultation report from it.", "At least one participant "
                    "from each of %(num)s more regional groups (%(regions)s), or regional "
                    "consultation reports from them.", advice.amount, regions=regions)


_ADVICE = {
    standards_advice.OPEN: lambda a: ngettext(
        "Open a consultation for at least %(num)s day.",
        "Open a consultation for at least %(num)s days.", a.amount),
    standards_advice.KEEP_OPEN: lambda a: ngettext(
        "Keep the consultation open %(num)s more day, then close it.",
        "Keep the consultation open %(num)s more days, then close it.", a.amount),
    standards_advice.CLOSE: lambda a: _(
        "The consultation has been open long enough: close it."),
    standards_advice.EXTEND: lambda a: ngettext(
        "%(num)s more day open: move the closing date %(num)s day later.",
        "%(num)s more days open: move the closing date %(num)s days later.", a.amount),
    standards_advice.ADD_PARTICIPANTS: lambda a: ngettext(
        "%(num)s more participant, or a consultation report that declares them.",
        "%(num)s more participants, or a consultation report that declares them.", a.amount),
    standards_advice.ADD_TO_GROUPS: _add_to_groups,
    standards_advice.ADD_REGIONS: _add_regions,
    standards_advice.ADD_FRONTLINE: lambda a: ngettext(
        "At least %(num)s more frontline or grassroots participant.",
        "At least %(num)s more frontline or grassroots participants.", a.amount),
    standards_advice.REMOVE_WORDS: lambda a: ngettext(
        "Shorten the text by %(num)s word.", "Shorten the text by %(num)s words.", a.amount),
    standards_advice.IMPOSSIBLE: lambda a: _(
        "Adding participants cannot meet this threshold: ask the secretariat to review the "
        "standards profile."),
}


def advice_message(advice: standards_advice.Advice) -> str:
    """The balance advisor's sentence: the smallest change that meets the criterion."""
    return _ADVICE[advice.action](advice)
