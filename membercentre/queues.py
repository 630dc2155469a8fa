"""Staff work queues: what waits for each role, with counts, on the admin dashboard, in the admin
menu and in an optional daily mail. Each app declares its own:

    register_queue(Queue(key="governance.ballots", label=_("待投票的表决"), roles=(roles.COUNCIL,),
                         items=lambda user: Ballot.objects.open_for(user), url=lambda obj: …,
                         index_url=lambda: reverse(…)))

`items(user)` is the queryset of what waits for that user (it may depend on the user: a vote not yet
cast); `url(obj)` the admin page of one item; `index_url()` the list of all of them. Who sees a queue is
by role code (core.roles), superusers see every queue."""

from collections.abc import Callable
from dataclasses import dataclass

from core import roles


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    roles: tuple[str, ...]
    items: Callable
    url: Callable
    index_url: Callable | None = None
    order: int = 100


@dataclass
class QueueView:
    queue: Queue
    count: int
    items: list

    @property
    def links(self) -> list[tuple[str, str]]:
        return [(str(item), self.queue.url(item)) for item in self.items]

    @property
    def index_url(self) -> str:
        return self.queue.index_url() if self.queue.index_url else ""


_queues: dict[str, Queue] = {}

#: How many items each queue lists by name (the count covers them all).
SHOWN = 5


def register_queue(queue: Queue) -> Queue:
    _queues[queue.key] = queue
    return queue


def queues_for(user) -> list[Queue]:
    return sorted((q for q in _queues.values() if roles.has_role(user, *q.roles)), key=lambda q: (q.order, q.key))


def work_for(user, *, shown: int = SHOWN) -> list[QueueView]:
    """Every queue this user sees, with its count and its first items."""
    found = []
    for queue in queues_for(user):
        items = queue.items(user)
        found.append(QueueView(queue=queue, count=items.count(), items=list(items[:shown])))
    return found


def total_for(user) -> int:
    return sum(view.count for view in work_for(user, shown=0))
