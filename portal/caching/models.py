"""The data generation: one row whose token changes in every transaction that writes."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

GENERATION_ROW = 1


class CacheGeneration(db.Model):
    __tablename__ = "cache_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A random token rather than a counter: a database restored from a dump gets back
    # the token of the data it holds, so no page cached for other data matches it.
    token: Mapped[str] = mapped_column(String(32))
