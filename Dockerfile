# One image for every role of the production topology (see docker-compose.yml): the web
# server, beat, the deploy worker, the relay workers, and the emulator profile's moto server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    # Beat's schedule file lives here; nothing else is written in production.
    PORTAL_LOCAL_DIR=/var/lib/portal

WORKDIR /app

RUN useradd --system --uid 10001 --home-dir /var/lib/portal --create-home portal

# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image and served by WhiteNoise (hashed names, gzip and
# brotli where available). The production settings need secrets to load, so the build passes
# throwaway ones that exist only for this step.
RUN DEBUG=false ALLOWED_HOSTS=build SECRET_KEY=collectstatic-only \
    PORTAL_ENCRYPTION_KEYS="build:$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --no-input --verbosity 0

USER portal
EXPOSE 8000

# The web role by default; docker-compose.yml gives each other role its own command.
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
