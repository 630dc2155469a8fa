from pathlib import Path

from workflows.diagrams import all_diagrams

GOVERNANCE = Path(__file__).resolve().parents[2] / "docs" / "governance.md"


def test_the_governance_docs_show_the_state_machines_as_the_code_has_them():
    page = GOVERNANCE.read_text(encoding="utf-8")
    diagrams = {name: source for name, source in all_diagrams().items() if name.startswith("governance.")}
    assert set(diagrams) == {"governance.Ballot", "governance.Election", "governance.Meeting", "governance.Motion"}
    for name, source in diagrams.items():
        assert f"```mermaid\n{source}\n```" in page, f"docs/governance.md diagram of {name} is stale"
