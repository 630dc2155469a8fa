"""Panel draws: random, fair, and checkable afterwards.

The seed comes from `secrets` (nobody can choose it); the draw itself uses `random.Random(seed)` so
that anyone holding the record (eligible list, seed, size) can re-run it and get the same panel.
Replacements for experts who decline use the seed plus the replacement's number.
"""

import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.single_line import reject_control_characters
from membership.names import Match, match_keys, name_key

from .models import CandidateState, ExpertCandidate, PanelDraw


def screen_experts(*, major, avoided_unit_ids: set[int], avoided_names: set[str]) -> tuple[list[int], list[dict]]:
    """Appointed experts in the field who need not avoid (回避), and the near matches among them.

    An expert avoids when their linked employer unit is avoided, or when their employer's name (as
    typed, or the linked unit's name) is the same as an avoided name or contains / is contained in
    it once normalised (membership.names: 全角/半角, spaces, suffixes such as （本部）). Names that are
    only similar do not exclude; they are returned so that the secretariat can look."""
    keys = {name_key(name) for name in avoided_names} - {""}
    experts = (
        ExpertCandidate.objects.filter(state=CandidateState.APPOINTED, majors=major)
        .select_related("employer_unit")
        .distinct()
    )
    eligible, near = [], []
    for expert in experts:
        if expert.employer_unit_id in avoided_unit_ids:
            continue
        employer_keys = {name_key(expert.employer)}
        if expert.employer_unit is not None:
            employer_keys.add(expert.employer_unit.name_key)
        found = [(match_keys(mine, key), key) for mine in employer_keys for key in keys]
        if any(how in (Match.SAME, Match.CONTAINS) for how, _ in found):
            continue
        eligible.append(expert.pk)
        similar = sorted({key for how, key in found if how == Match.NEAR})
        if similar:
            near.append({"expert": expert.pk, "employer": expert.employer, "similar_to": similar})
    return sorted(eligible), near


def eligible_expert_ids(*, major, avoided_unit_ids: set[int], avoided_names: set[str]) -> list[int]:
    return screen_experts(major=major, avoided_unit_ids=avoided_unit_ids, avoided_names=avoided_names)[0]


def _sample(seed: str, eligible: list[int], size: int) -> list[int]:
    return random.Random(seed).sample(eligible, size)  # noqa: S311 - reproducible by design; the seed is secret


def _replacement(seed: str, number: int, pool: list[int]) -> int:
    return random.Random(f"{seed}:{number}").choice(pool)  # noqa: S311 - as above


@transaction.atomic
def draw_panel(
    *, major, size: int, purpose: str, by, evaluated_unit=None, avoided_units=(), avoided_names=()
) -> PanelDraw:
    if size < 1:
        raise ValidationError(gettext("抽取人数至少为 1。"))
    avoided_ids = {unit.pk for unit in avoided_units} | ({evaluated_unit.pk} if evaluated_unit else set())
    names = {name.strip() for name in avoided_names if name.strip()}
    names |= {unit.name for unit in avoided_units} | ({evaluated_unit.name} if evaluated_unit else set())
    eligible, near = screen_experts(major=major, avoided_unit_ids=avoided_ids, avoided_names=names)
    if len(eligible) < size:
        raise ValidationError(
            gettext(
                "“{major}”领域符合条件（已入库且无需回避）的专家只有 {count} 位，少于抽取人数 {size} 位。"
                "请减少人数或调整回避单位。"
            ).format(major=major, count=len(eligible), size=size)
        )
    seed = secrets.token_hex(16)
    draw = PanelDraw.objects.create(
        major=major,
        panel_size=size,
        purpose=purpose,
        evaluated_unit=evaluated_unit,
        avoided_names=sorted(names),
        seed=seed,
        eligible_ids=eligible,
        result_ids=_sample(seed, eligible, size),
        near_matches=near,
        drawn_by=by,
    )
    draw.avoided_units.set(avoided_units)
    return draw


@transaction.atomic
def replace_declined(*, draw: PanelDraw, declined_id: int, by, reason: str) -> PanelDraw:
    """Replace a drawn expert who declined, by a recorded redraw from those not yet drawn."""
    draw = PanelDraw.objects.select_for_update().get(pk=draw.pk)
    if declined_id not in draw.current_panel_ids:
        raise ValidationError(gettext("该专家不在当前抽取结果中。"))
    if not reason.strip():
        raise ValidationError(gettext("请填写专家不能参加的原因。"))
    reject_control_characters(reason)
    used = set(draw.result_ids) | {step["replacement"] for step in draw.replacements}
    pool = [pk for pk in draw.eligible_ids if pk not in used]
    if not pool:
        raise ValidationError(gettext("已没有可替补的专家。"))
    number = len(draw.replacements) + 1
    draw.replacements = [
        *draw.replacements,
        {
            "declined": declined_id,
            "replacement": _replacement(draw.seed, number, pool),
            "reason": reason.strip(),
            "by": by.pk,
        },
    ]
    draw.save(update_fields=["replacements"])
    return draw


def verify(draw: PanelDraw) -> bool:
    """Re-run the draw from its record; True when every step comes out the same."""
    if _sample(draw.seed, list(draw.eligible_ids), draw.panel_size) != list(draw.result_ids):
        return False
    used = set(draw.result_ids)
    for number, step in enumerate(draw.replacements, start=1):
        pool = [pk for pk in draw.eligible_ids if pk not in used]
        if not pool or _replacement(draw.seed, number, pool) != step["replacement"]:
            return False
        used.add(step["replacement"])
    return True
