"""Calendar arithmetic the plan's rules share (the yearly review and revision, 4.11)."""

import datetime


def add_years(*, day: datetime.date | datetime.datetime, years: int):
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
