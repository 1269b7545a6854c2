"""docs/security.md names, for each protection, the test that proves it as `path::test_name`.
An auditor relies on those names, so a renamed, moved or deleted test must not leave the
document silently pointing at nothing: this test fails for every reference whose file or
test function (top-level or in a class, parametrized or not) no longer exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"
REFERENCE = re.compile(r"([\w./-]+\.py)::(\w+)")


def test_every_test_named_in_the_security_doc_exists():
    references = set(REFERENCE.findall(DOC.read_text(encoding="utf-8")))
    assert len(references) > 50, "docs/security.md should name the tests that prove it"
    missing = []
    for path, name in sorted(references):
        file = ROOT / path
        if not file.is_file():
            missing.append(f"{path}::{name} (no such file)")
        elif not re.search(rf"^\s*(async\s+)?def {name}\(", file.read_text(encoding="utf-8"),
                           re.MULTILINE):
            missing.append(f"{path}::{name} (no such test)")
    assert not missing, "docs/security.md names tests that do not exist:\n" + "\n".join(missing)
