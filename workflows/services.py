"""Kept for imports written before the engine: every state change now goes through
`workflows.actions` (declared actions) and `workflows.voting` (voting stages)."""

from .actions import TransitionRefused, history, run

__all__ = ["TransitionRefused", "history", "run"]
