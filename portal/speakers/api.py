"""The speakers' participation figures in the API and the open-data export."""
from flask import abort
from flask_babel import lazy_gettext as _l

from portal.api.core import API, Param
from portal.api.schema import Date, Integer, Json, Nested, PathText, Resource, String, Translations
from portal.permissions import PUBLIC
from portal.speakers import figures
from portal.statements.standards import REGIONS

SPEAKING = _l("Speaking opportunities")


def _count(name: str):
    return lambda opportunity: figures.session_counts(opportunity)[name]


def _share(name: str, key: str):
    return lambda opportunity: figures.session_counts(opportunity)[name].get(key, 0)


SPEAKING_SESSION = Resource(
    "SpeakingSession", _l("The confirmed list of speakers of one session, in numbers. No "
                          "person is named."),
    id=Integer(), series=String(), meeting=String(lambda o: o.meeting.slug),
    held_on=Date(), session=Translations("sessions"),
    slots=Integer(), speakers=Integer(_count("speakers")),
    organizations=Integer(_count("organizations")),
    first_time_organizations=Integer(_count("first_time_organizations"), description=_l(
        "Organizations that had not spoken at an earlier session of the series.")),
    frontline=Integer(_count("frontline")),
    # Flat columns for the open-data CSV, named as a table of counts reads.
    women=Integer(_share("by_gender", "woman")), men=Integer(_share("by_gender", "man")),
    others=Integer(_share("by_gender", "other")),
    not_declared=Integer(_count("undeclared_gender")),
    **{region.lower(): Integer(_share("by_region", region)) for region in REGIONS},
    region_unknown=Integer(_count("unknown_region")))
SPEAKING_SERIES = Resource(
    "SpeakingSeries", _l("Participation figures across the sessions of a meeting series: "
                         "who spoke, how often, first-time speakers, frontline share, by "
                         "group, region and gender."),
    series=String(), sessions=Nested(SPEAKING_SESSION, many=True),
    totals=Json({"type": "object"}))


@API.get("/speaking-series/{series}", rule=PUBLIC, tag=SPEAKING, response=SPEAKING_SERIES,
         summary=_l("Participation figures of a meeting series"),
         params=[Param("series", PathText(max_length=60, min_length=1),
                       _l("The meeting series, such as hlpf."), location="path",
                       required=True)])
def speaking_series(args, series):
    found = figures.series_figures(series)
    if found is None:
        abort(404)
    return found
