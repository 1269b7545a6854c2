"""docs/instruments.md, generated from the definitions (`bloem instruments_doc`); a test
fails when the committed file differs from what the definitions say."""

from pathlib import Path

from . import engine

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"


def _range(instrument: engine.Instrument) -> str:
    if instrument.age_max is None:
        return f"{instrument.age_min} and older"
    return f"{instrument.age_min}–{instrument.age_max}"


def _scale(instrument: engine.Instrument, scale: dict) -> str:
    ids = instrument.scale_items(scale)
    what = f"items {', '.join(ids)}" if scale.get("items") else "all scored items"
    if scale["method"] == "count":
        return f"count of {what} answered {scale['count']['at_least']} or higher"
    return f"{scale['method']} of {what}"


def render() -> str:
    lines = [
        "# Instruments",
        "",
        "Generated from `bloem/screening/instruments/*.json` by `bloem instruments_doc`;",
        "do not edit by hand (a test compares this file with the definitions).",
        "",
        "Every definition validates against `bloem/screening/instrument.schema.json`; an",
        "invalid file stops `bloem check` with the file, the JSON path and the message. Item",
        "ids are the item numbers of the official form; answers are the form's numeric",
        "values. A reverse-keyed item is scored as (lowest + highest value) − answer. With",
        "more missing answers than the instrument's prorating limit the result is",
        "incomplete (no total, band or cut-off flag); flags raised by one answer are always",
        "raised.",
        "",
        "| code | version | informant | age | items | total | band |",
        "|---|---|---|---|---|---|---|",
    ]
    instruments = sorted(engine.registry().values(), key=lambda i: i.code)
    for i in instruments:
        low, high = i.total_range()
        lines.append(
            f"| `{i.code}` | {i.version} | {', '.join(i.informants)} | {_range(i)} | "
            f"{len(i.items)} | {engine._fmt(low)}–{engine._fmt(high)} | "
            f"{'yes' if i.scoring.get('bands') else 'none'} |")
    for i in instruments:
        scoring = i.scoring
        lines += ["", f"## {i.name('en')} (`{i.code}`)", "",
                  f"- **Source:** {i.data['source']}",
                  f"- **Licence:** {i.data['licence']}",
                  f"- **Informant:** {', '.join(i.informants)}; **age:** {_range(i)}",
                  f"- **Item texts:** {i.data.get('texts', 'none')}"
                  + (f" — {i.data['note']['en']}" if i.data.get("note", {}).get("en") else ""),
                  "- **Response scales:** " + "; ".join(
                      f"{name}: " + ", ".join(f"{o['value']} = {o['label'].get('en', '')}"
                                              for o in options)
                      for name, options in i.data["response_scales"].items()),
                  f"- **Total:** {_scale(i, scoring['total'])}",
                  f"- **Missing answers:** prorated when at most "
                  f"{scoring['missing']['prorate_max']} missing, otherwise incomplete"]
        reverse = [item["id"] for item in i.items if item.get("reverse")]
        if reverse:
            lines.append(f"- **Reverse keyed:** items {', '.join(reverse)}")
        conditional = [item["id"] for item in i.items if item.get("condition")]
        if conditional:
            cond = i.items_by_id[conditional[0]]["condition"]
            lines.append(f"- **Conditional:** items {', '.join(conditional)} are asked only "
                         f"when one of {', '.join(cond['any_of'])} is {cond['in']}")
        for sub in scoring.get("subscales", []):
            lines.append(f"- **Subscale `{sub['id']}`** ({sub['label'].get('en', '')}): "
                         f"{_scale(i, sub)}")
        for band in scoring.get("bands", []):
            lines.append(f"- **Band `{band['band']}`:** {engine._fmt(band['min'])}–"
                         f"{engine._fmt(band['max'])} ({band['label'].get('en', '')})")
        for cutoff in scoring.get("cutoffs", []):
            lines.append(f"- **Flag `{cutoff['flag']}`:** {cutoff.get('of', 'total')} ≥ "
                         f"{engine._fmt(cutoff['at_least'])}"
                         + (" (alert)" if cutoff.get("alert") else ""))
        for flag in scoring.get("item_flags", []):
            lines.append(f"- **Flag `{flag['flag']}`:** item {flag['item']} ≥ "
                         f"{flag['at_least']}" + (" (alert)" if flag.get("alert") else ""))
        for rule in scoring.get("symptom_rules", []):
            groups = "; ".join(f"≥ {g['at_least']} of items {', '.join(g['items'])}"
                               for g in rule["groups"])
            lines.append(f"- **Flag `{rule['flag']}`:** an item ≥ {rule['threshold']} is a "
                         f"symptom; {groups}")
        if i.data.get("norms"):
            n = i.data["norms"]
            lines.append(f"- **Norms (Reliable Change Index):** SD {n['sd']}, reliability "
                         f"{n['reliability']}: {n['source']}")
        if i.data.get("verification"):
            lines += ["", "Verified:", ""]
            for v in i.data["verification"]:
                lines.append(f"- *{v['point']}* — {v.get('status', 'confirmed')}: "
                             f"{v['checked']}")
    return "\n".join(lines) + "\n"
