"""WSGI entry point for gunicorn: `gunicorn ballot.wsgi:app`."""

from ballot.app import create_app

app = create_app()
