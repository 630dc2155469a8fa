"""State diagrams drawn from the transitions themselves (Mermaid), so the docs cannot drift from the
code: `manage.py workflow_diagram` prints them and a test compares them with docs/architecture.md."""

from django.apps import apps


def mermaid(model, field: str = "state") -> str:
    choices = dict(model._meta.get_field(field).choices)
    lines = ["stateDiagram-v2"]
    transitions = sorted(
        getattr(model, f"get_all_{field}_transitions")(model()),
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
    """{"app_label.Model": mermaid source} for every model with an FSM state field."""
    from django_fsm import FSMFieldMixin

    diagrams = {}
    for model in apps.get_models():
        if any(isinstance(f, FSMFieldMixin) for f in model._meta.fields):
            diagrams[f"{model._meta.app_label}.{model.__name__}"] = mermaid(model)
    return dict(sorted(diagrams.items()))
