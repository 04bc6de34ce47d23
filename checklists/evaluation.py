"""Turn one reader's answers into a result. A pure function: nothing is stored or logged."""

from dataclasses import dataclass

from .definitions import LEVELS, Checklist, Choice, Question


@dataclass(frozen=True)
class AnsweredItem:
    question: Question
    choice: Choice


@dataclass(frozen=True)
class Result:
    level: str  # the most serious level reached: "stop", "check" or "ok"
    verdict: str
    items: dict[str, tuple[AnsweredItem, ...]]  # by level, in question order
    questions_to_ask: tuple[str, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {level: len(self.items[level]) for level in LEVELS}


def evaluate(checklist: Checklist, answers: dict[str, str]) -> Result:
    """Group each answered question by the level of the chosen answer.

    `answers` maps question ids to choice values that the form has already validated;
    anything else is ignored rather than trusted.
    """
    items: dict[str, list[AnsweredItem]] = {level: [] for level in LEVELS}
    for question in checklist.questions:
        choice = question.choice(answers.get(question.id, ""))
        if choice is not None:
            items[choice.level].append(AnsweredItem(question, choice))
    level = next((lvl for lvl in LEVELS if items[lvl]), "ok")
    questions_to_ask = tuple(
        item.question.ask for lvl in ("stop", "check") for item in items[lvl] if item.question.ask
    )
    return Result(
        level=level,
        verdict=checklist.verdicts[level],
        items={lvl: tuple(found) for lvl, found in items.items()},
        questions_to_ask=questions_to_ask,
    )
