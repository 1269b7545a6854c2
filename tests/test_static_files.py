"""Every static file a template asks for is found by collectstatic: a missing one breaks
every page in production (the manifest storage refuses an unknown name)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

BLOEM = Path(__file__).resolve().parents[1] / "bloem"
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def test_every_static_file_in_a_template_exists():
    wanted = {name for template in BLOEM.rglob("templates/**/*.html")
              for name in STATIC_TAG.findall(template.read_text())}
    assert {"css/bloem.css", "img/bloem.svg"} <= wanted
    assert [name for name in sorted(wanted) if finders.find(name) is None] == []
