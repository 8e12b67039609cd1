# Jamaat: the web app, the Celery worker and Celery beat all run this image
# (docker-compose.yml picks the command). Production settings: municipality.settings.prod.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=municipality.settings.prod \
    STATIC_ROOT=/srv/static \
    MEDIA_ROOT=/srv/media \
    BACKUP_DIR=/srv/backups

# WeasyPrint's libraries (Pango, HarfBuzz), fonts with the Kyrgyz letters ң ө ү,
# gettext for compilemessages, and curl-free healthchecks (Python does them).
# Backups: pg_dump/pg_restore of the server's major version (16, from the PostgreSQL
# project's Debian repository: Debian's own client is 15 and refuses a 16 server) and
# restic for the encrypted copy off the server.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libharfbuzz0b \
      libjpeg62-turbo libopenjp2-7 libffi8 shared-mime-info \
      fonts-dejavu-core fonts-noto-core gettext \
      ca-certificates curl restic \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
      https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] \
      https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-16 \
 && apt-get purge -y curl && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 jamaat \
 && mkdir -p /srv/static /srv/media /srv/backups /app \
 && chown jamaat:jamaat /srv/static /srv/media /srv/backups /app
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .

COPY --chown=jamaat:jamaat . .
# Translations are compiled into the image; static files are collected at start-up into
# the volume nginx serves (see docker-compose.yml).
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    python manage.py compilemessages --ignore=.venv -v 0 \
 && chown -R jamaat:jamaat /app/locale

USER jamaat
EXPOSE 8000
CMD ["gunicorn", "municipality.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--workers", "3", "--worker-class", "gthread", "--threads", "4", \
     "--timeout", "60", "--access-logfile", "-"]
