"""The engine: a table of rules, each with an id, a plain-language explanation in Dutch and
English and its source, and the one function every caller uses, `evaluate(action)`.

A rule looks at one kind of action (a dataclass of bloem.rules.facts) and returns findings:
a finding blocks the action, or warns (the worker must acknowledge the warning: the rule's
id in `action.acknowledged`). The verdict of an action is

- BLOCKED when any finding blocks: with the reasons and what would unblock each;
- WARNING when findings only warn: allowed, once the worker has acknowledged them;
- ALLOWED otherwise.

Texts are carried in the table itself in both languages (`Text`), with `{placeholders}`
filled from the finding's parameters; the Django side picks the active language."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str

    def __call__(self, language: str = "nl", **params: Any) -> str:
        template = self.en if language.startswith("en") else self.nl
        return template.format(**params) if params else template


class Severity(StrEnum):
    BLOCK = "block"  # the action may not happen
    WARN = "warn"  # allowed once the worker acknowledges it
    NOTE = "note"  # allowed; shown wherever the action is shown (e.g. an age exception)


class Outcome(StrEnum):
    ALLOWED = "allowed"
    WARNING = "warning"  # allowed once the warnings are acknowledged
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Finding:
    """One reason a rule gives about an action: what is wrong (`code`, a key of the rule's
    messages), its parameters, and what would unblock it (`unblock`, another key)."""

    rule_id: str
    severity: Severity
    code: str
    params: Mapping[str, "str | Text"] = field(default_factory=dict)
    unblock: str = ""
    # Who is missing, for callers that list them (consent): person ids.
    missing: tuple[int, ...] = ()

    @property
    def rule(self) -> "Rule":
        return rule(self.rule_id)

    def _params(self, language: str) -> dict[str, str]:
        return {k: v(language) if isinstance(v, Text) else v for k, v in self.params.items()}

    def message(self, language: str = "nl") -> str:
        return self.rule.messages[self.code](language, **self._params(language))

    def resolution(self, language: str = "nl") -> str:
        if not self.unblock:
            return ""
        return self.rule.messages[self.unblock](language, **self._params(language))

    def as_dict(self, language: str = "nl") -> dict:
        return {
            "rule": self.rule_id,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message(language),
            "unblock": self.resolution(language),
            "source": self.rule.source,
        }


@dataclass(frozen=True)
class Rule:
    """One rule of the table. `applies_to` names the actions (facts classes) whose checks
    give findings of this rule; `messages` are the texts of its findings."""

    id: str
    title: Text
    explanation: Text
    source: str
    applies_to: tuple[type, ...]
    messages: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...] = ()
    acknowledged: frozenset[str] = frozenset()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.BLOCK)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.WARN)

    @property
    def unacknowledged(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.warnings if f.rule_id not in self.acknowledged)

    @property
    def outcome(self) -> Outcome:
        if self.blocking:
            return Outcome.BLOCKED
        if self.warnings:
            return Outcome.WARNING
        return Outcome.ALLOWED

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.NOTE)

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)

    @property
    def may_proceed(self) -> bool:
        """Allowed, and every warning acknowledged."""
        return not self.blocking and not self.unacknowledged

    def reasons(self, language: str = "nl") -> list[str]:
        return [f.message(language) for f in self.findings]

    def as_dict(self, language: str = "nl") -> dict:
        return {
            "outcome": str(self.outcome),
            "reasons": [f.as_dict(language) for f in self.findings],
        }


RULES: dict[str, Rule] = {}
# The checks per kind of action: functions from the action to findings of the rules above.
CHECKS: dict[type, list[Callable[[Any], list[Finding]]]] = {}


def register(*rules_: Rule) -> None:
    for rule_ in rules_:
        if rule_.id in RULES:
            raise ValueError(f"Rule {rule_.id} is defined twice.")
        RULES[rule_.id] = rule_


def check(*action_types: type):
    """Register a check for these kinds of action."""

    def decorate(function):
        for action_type in action_types:
            CHECKS.setdefault(action_type, []).append(function)
        return function

    return decorate


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def finding(rule_id: str, code: str, *, severity: Severity = Severity.BLOCK, unblock: str = "",
            missing: tuple[int, ...] = (), **params: Any) -> Finding:
    """A finding of a rule in the table (refuses unknown rules and message keys, so that a
    check can never produce a text that is not in the table)."""
    rule_ = RULES[rule_id]
    for key in filter(None, (code, unblock)):
        if key not in rule_.messages:
            raise KeyError(f"Rule {rule_id} has no message {key!r}.")
    return Finding(rule_id=rule_id, severity=severity, code=code, unblock=unblock,
                   missing=missing,
                   params={k: v if isinstance(v, Text) else str(v) for k, v in params.items()})


def evaluate(action) -> Verdict:
    """The verdict of the rules on a proposed action."""
    if type(action) not in CHECKS:
        raise TypeError(f"No rules know the action {type(action).__name__}.")
    findings: list[Finding] = []
    for check_ in CHECKS[type(action)]:
        findings.extend(check_(action))
    return Verdict(findings=tuple(findings),
                   acknowledged=frozenset(getattr(action, "acknowledged", frozenset())))
