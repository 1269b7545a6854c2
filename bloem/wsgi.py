import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bloem.settings.base")

application = get_wsgi_application()

from bloem.core import collector  # noqa: E402 - needs the settings and the apps loaded

collector.freeze_startup()
