"""The Heritage Damage Registry: a Flask application built by :func:`create_app`.

``flask --app heritage`` and ``wsgi.py`` find the factory here; it lives in ``app.py``.
"""

from heritage.app import create_app

__all__ = ["create_app"]
