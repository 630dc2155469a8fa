"""Counting votes (Art. 23 as the general rule): a motion passes with more than half of the votes of
those entitled to vote. Quorum and threshold are settings (`DecisionSettings`), these the defaults."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext


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
        result = (
            gettext("通过") if self.passed else (gettext("未达法定人数") if not self.quorate else gettext("未通过"))
        )
        return (
            gettext("应投票 {entitled} 人，实投 {cast} 票：赞成 {support}、反对 {oppose}、弃权 {abstain}；{result}")
        ).format(
            entitled=self.entitled,
            cast=self.cast,
            support=self.support,
            oppose=self.oppose,
            abstain=self.abstain,
            result=result,
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "cast": self.cast, "quorate": self.quorate, "passed": self.passed}

    @classmethod
    def from_dict(cls, data: dict) -> "Tally":
        fields = ("entitled", "support", "oppose", "abstain", "quorum_percent", "pass_percent")
        return cls(**{name: int(data[name]) for name in fields})
