from pathlib import Path

from workflows.diagrams import all_diagrams

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_docs_show_the_state_machines_as_the_code_has_them():
    page = ARCHITECTURE.read_text(encoding="utf-8")
    diagrams = all_diagrams()
    assert {"membership.MembershipApplication", "membership.Membership"} <= set(diagrams)
    for name, source in diagrams.items():
        assert f"```mermaid\n{source}\n```" in page, (
            f"docs/architecture.md diagram of {name} is stale: run manage.py workflow_diagram"
        )


def test_diagram_names_every_transition_with_its_role():
    source = all_diagrams()["membership.MembershipApplication"]
    assert "in_review --> approved: 批准入会（理事长/秘书长）" in source
    assert source.count("--> withdrawn") == 5
