"""Lists of the kenesh that grow with the years (sessions, resolutions, initiatives,
petitions) are read a page at a time (issue 19: ten years cost what one year costs)."""

# Short lists beside a page's main one show the latest few and link to their whole list.
LATEST = 10
