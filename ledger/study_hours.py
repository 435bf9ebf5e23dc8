"""Study hours (学时): pure arithmetic over plain records, no ORM.

A person's hours for a year = online lessons completed × hours per lesson
+ exams passed × hours per exam + the hours of the offline sessions attended.
Who counts, and what the settings are, is decided by the caller.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class HoursPolicy:
    required: Decimal
    per_lesson: Decimal
    per_exam: Decimal

    @classmethod
    def of(cls, required, per_lesson, per_exam) -> "HoursPolicy":
        return cls(
            Decimal(str(required)), Decimal(str(per_lesson)), Decimal(str(per_exam))
        )


@dataclass(frozen=True)
class StudyHours:
    person: Hashable
    lessons: int
    exams: int
    offline: Decimal
    lesson_hours: Decimal
    exam_hours: Decimal
    online_hours: Decimal
    total: Decimal
    required: Decimal

    @property
    def shortfall(self) -> Decimal:
        return max(self.required - self.total, Decimal(0))

    @property
    def below(self) -> bool:
        return self.total < self.required

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(100, int(self.total * 100 / self.required))


def study_hours(
    *,
    people: Iterable[Hashable],
    lessons: Mapping[Hashable, int],
    exams: Mapping[Hashable, int],
    offline: Mapping[Hashable, Decimal],
    policy: HoursPolicy,
) -> dict[Hashable, StudyHours]:
    """Each person's hours: ``lessons`` and ``exams`` are counts, ``offline`` the
    summed hours of sessions attended; people missing from a mapping have none."""
    result = {}
    for person in people:
        n_lessons = int(lessons.get(person, 0))
        n_exams = int(exams.get(person, 0))
        lesson_hours = n_lessons * policy.per_lesson
        exam_hours = n_exams * policy.per_exam
        online = lesson_hours + exam_hours
        off = Decimal(offline.get(person, 0) or 0)
        result[person] = StudyHours(
            person=person,
            lessons=n_lessons,
            exams=n_exams,
            offline=off,
            lesson_hours=lesson_hours,
            exam_hours=exam_hours,
            online_hours=online,
            total=online + off,
            required=policy.required,
        )
    return result


def below_requirement(hours: Iterable[StudyHours]) -> list[StudyHours]:
    """Those short of the requirement, the furthest behind first."""
    return sorted((h for h in hours if h.below), key=lambda h: (h.total, str(h.person)))
