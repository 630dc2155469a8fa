"""Counting votes (Art. 23 as the general rule): a motion passes with more than half of the votes of
those entitled to vote. Quorum and threshold are settings (`DecisionSettings`), these the defaults."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Tally:
    entitled: int
    support: int
    oppose: int
    abstain: int
    quorum_percent: int
    pass_percent: int

    @property
    def cast(self) -> int:
        return self.support + self.oppose + self.abstain

    @property
    def quorate(self) -> bool:
        """Strictly more than quorum_percent of those entitled took part."""
        return self.entitled > 0 and self.cast * 100 > self.entitled * self.quorum_percent

    @property
    def passed(self) -> bool:
        """Quorate, and strictly more than pass_percent of those entitled voted in support."""
        return self.quorate and self.support * 100 > self.entitled * self.pass_percent

    @property
    def summary(self) -> str:
        result = "通过" if self.passed else ("未达法定人数" if not self.quorate else "未通过")
        return (
            f"应投票 {self.entitled} 人，实投 {self.cast} 票：赞成 {self.support}、反对 {self.oppose}、"
            f"弃权 {self.abstain}；{result}"
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "cast": self.cast, "quorate": self.quorate, "passed": self.passed}

    @classmethod
    def from_dict(cls, data: dict) -> "Tally":
        fields = ("entitled", "support", "oppose", "abstain", "quorum_percent", "pass_percent")
        return cls(**{name: int(data[name]) for name in fields})
