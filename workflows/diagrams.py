"""State diagrams drawn from the transitions themselves (Mermaid), so the documentation cannot drift
from the code: `manage.py workflow_diagram` prints them and a test compares them with docs/architecture.md. The
models drawn are those the action registry (workflows.actions) holds."""

from .actions import fsm_field, registry


def mermaid(model, field: str = "state") -> str:
    choices = dict(model._meta.get_field(field).choices)
    lines = ["stateDiagram-v2"]
    transitions = sorted(
        fsm_field(model, field).get_all_transitions(model),
        key=lambda t: (list(choices).index(t.source) if t.source in choices else 99, t.name),
    )
    for t in transitions:
        label = t.custom.get("label", t.name)
        actor = t.custom.get("actor", "")
        lines.append(
            f"    {t.source} --> {t.target}: {label}（{actor}）" if actor else f"    {t.source} --> {t.target}: {label}"
        )
    for state, title in choices.items():
        lines.append(f"    {state}: {title}")
    return "\n".join(lines)


def all_diagrams() -> dict[str, str]:
    """{"app_label.Model": mermaid source} for every workflow model in the registry."""
    return dict(sorted((f"{m._meta.app_label}.{m.__name__}", mermaid(m)) for m in registry.models()))
