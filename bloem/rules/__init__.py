"""The care-rule engine (issue 4): pure Python, no Django. Facts of a family go in as plain
dataclasses (`bloem.rules.facts`), a verdict comes out (`bloem.rules.engine`). The UI, the
API and the commands all ask this package; nothing else re-implements a rule.

    from bloem.rules import evaluate, facts
    verdict = evaluate(facts.StartHelp(...))
    verdict.blocked, verdict.reasons("nl")

Every rule carries its id, a plain-language explanation in Dutch and English and the
source it comes from (`RULES`); `docs/rules.md` is generated from that table
(`bloem rules_doc`)."""

# The consent rules first: their reasons come first in a verdict.
from .consent import consent_status  # isort: skip
from . import care, facts  # isort: skip
from . import safety  # isort: skip
from . import financing  # isort: skip  (who pays: issue 11)
from . import sharing  # isort: skip  (the warm handover: issue 9)
from .engine import RULES, Finding, Outcome, Rule, Severity, Text, Verdict, evaluate, rule

__all__ = ["RULES", "Finding", "Outcome", "Rule", "Severity", "Text", "Verdict", "care",
           "consent_status", "evaluate", "facts", "financing", "rule", "safety",
           "sharing"]
