"""The question bank: saving with versions, retiring, Excel import and export."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from home import sheets
from quizzes import importing, scoring
from quizzes.importing import (
    NAME_BY_TYPE,
    OPTION_COLUMNS,
    ImportResult,
    stem_key,
)
from quizzes.models import (
    KnowledgePoint,
    Question,
    QuestionStatus,
    QuestionVersion,
)


def _snapshot(question: Question) -> QuestionVersion | None:
    """A new version when the text or key differs from the latest one."""
    latest = question.versions.order_by("-number").first()
    if latest is not None and latest.content == question.content():
        return None
    number = (latest.number if latest else 0) + 1
    version = QuestionVersion(question=question, number=number, **question.content())
    version.full_clean()
    version.save()
    Question.objects.filter(pk=question.pk).update(current_version=number)
    question.current_version = number
    return version


@transaction.atomic
def question_save(
    *,
    question: Question,
    knowledge_points: list[str] | None = None,
    articles: list | None = None,
) -> Question:
    """Validate and save a question; freeze a new version if its text or key
    changed. Graded answers keep pointing at the version they were graded on."""
    question.full_clean()
    question.save()
    if knowledge_points is not None:
        question.knowledge_points.set(knowledge_points_ensure(names=knowledge_points))
    if articles is not None:
        question.articles.set(articles)
    _snapshot(question)
    return question


def knowledge_points_ensure(*, names: list[str]) -> list[KnowledgePoint]:
    existing = {k.name: k for k in KnowledgePoint.objects.filter(name__in=names)}
    missing = [KnowledgePoint(name=n) for n in names if n not in existing]
    KnowledgePoint.objects.bulk_create(missing, ignore_conflicts=True)
    return list(KnowledgePoint.objects.filter(name__in=names))


@transaction.atomic
def questions_import(*, result: ImportResult) -> list[Question]:
    """Create every parsed question (a validated :class:`ImportResult` only),
    with its first version, articles and knowledge points, in bulk."""
    if not result.ok:
        raise ValueError("questions_import needs a result without errors")
    now = timezone.now()
    questions = []
    for parsed in result.questions:
        question = Question(
            qtype=parsed.qtype,
            stem=parsed.stem,
            options=parsed.options,
            answer=parsed.answer,
            explanation=parsed.explanation,
            citations=parsed.citations[:500],
            case_article=parsed.case_article,
            case_provision=parsed.case_provision,
            difficulty=parsed.difficulty,
            status=QuestionStatus.ACTIVE,
            stem_key=stem_key(parsed.stem)[:500],
            current_version=1,
        )
        question.created_at = question.updated_at = now
        questions.append(question)
    questions = Question.objects.bulk_create(questions, batch_size=1000)
    QuestionVersion.objects.bulk_create(
        [QuestionVersion(question=q, number=1, **q.content()) for q in questions],
        batch_size=1000,
    )
    _link_imported(questions, result)
    return questions


def _link_imported(questions, result: ImportResult) -> None:
    names = sorted({k for p in result.questions for k in p.knowledge_points})
    points = {k.name: k.pk for k in knowledge_points_ensure(names=names)}
    point_links, article_links = [], []
    KnowledgeLink = Question.knowledge_points.through
    ArticleLink = Question.articles.through
    for question, parsed in zip(questions, result.questions, strict=True):
        point_links += [
            KnowledgeLink(question_id=question.pk, knowledgepoint_id=points[name])
            for name in parsed.knowledge_points
        ]
        article_ids = {a.pk for a in parsed.articles}
        if parsed.case_article is not None:
            article_ids.add(parsed.case_article.pk)
        article_links += [
            ArticleLink(question_id=question.pk, article_id=pk) for pk in article_ids
        ]
    KnowledgeLink.objects.bulk_create(point_links, batch_size=2000)
    ArticleLink.objects.bulk_create(article_links, batch_size=2000)


@transaction.atomic
def questions_retire(*, questions) -> int:
    """Retire questions: they stay on past papers but are never drawn again."""
    return Question.objects.filter(pk__in=[q.pk for q in questions]).update(
        status=QuestionStatus.RETIRED, updated_at=timezone.now()
    )


def citation_resolvers():
    """The two lookups the importer needs, cached per cell text (a 10,000-row file
    cites the same few articles over and over)."""
    from courses.citations import to_chinese
    from courses.models import PenaltyProvision
    from courses.services import resolve_citations

    articles_cache: dict[str, tuple] = {}
    provisions_cache: dict[str, object] = {}

    def resolve_articles(text: str):
        if text not in articles_cache:
            pairs, errors = resolve_citations(text)
            articles_cache[text] = ([a for _c, a in pairs], [str(e) for e in errors])
        return articles_cache[text]

    def resolve_provision(text: str):
        if text not in provisions_cache:
            pairs, errors = resolve_citations(text)
            provision = None
            if pairs and not errors:
                citation, article = pairs[0]
                item = f"第{to_chinese(citation.item)}项" if citation.item else ""
                provision = PenaltyProvision.objects.filter(
                    article=article, item=item
                ).first()
            provisions_cache[text] = provision
        return provisions_cache[text]

    return resolve_articles, resolve_provision


def questions_file_check(*, data: bytes) -> ImportResult:
    """Read and validate a question-bank file without writing anything.
    Raises home.sheets.SheetError for a file that cannot be read at all."""
    records, columns = importing.read_xlsx(data)
    resolve_articles, resolve_provision = citation_resolvers()
    return importing.validate_rows(
        records,
        resolve_citations=resolve_articles,
        resolve_provision=resolve_provision,
        existing_stems=set(Question.objects.values_list("stem_key", flat=True)),
        extra_columns=[c for c in columns if c not in importing.COLUMNS],
    )


def questions_file_import(*, data: bytes, dry_run: bool = False) -> ImportResult:
    """Validate a file and, when every row is valid and this is not a dry run,
    import all of it (all or nothing)."""
    result = questions_file_check(data=data)
    if result.ok and not dry_run:
        questions_import(result=result)
    return result


IMPORT_KIND = "questions"


def questions_import_job_start(*, user, filename: str, data: bytes, dry_run: bool):
    """Check the file's container at once (size, zip, encryption, entities, row
    count: all before parsing, all cheap), then queue the reading, checking and
    importing for a background task (the caller enqueues
    ``quizzes.tasks.import_questions`` with the job's id). Returns the
    :class:`home.models.ImportJob` the progress page follows. Raises
    ``home.sheets.SheetError`` for a file refused outright."""
    from home.models import ImportJob

    limits = sheets.Limits.from_settings()
    data = sheets.read_bytes(data, limits.max_bytes)
    sheets.check_xlsx(data, limits)
    sheets.check_row_count(data, limits)
    job = ImportJob.objects.create(
        kind=IMPORT_KIND,
        created_by=user,
        filename=filename[:255],
        data=data,
        dry_run=dry_run,
    )
    return job


def questions_import_job_run(*, job_id: int) -> None:
    """The background part: read and check every row, reporting progress, then
    import all of it when every row is valid (all or nothing). Every bad row is
    kept on the job; the uploaded file is dropped once read."""
    from home.models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        records, columns = importing.read_xlsx(bytes(job.data))
    except sheets.SheetError as error:
        job.fail(str(error))
        return
    job.report_progress(0, total=len(records))
    resolve_articles, resolve_provision = citation_resolvers()
    result = importing.validate_rows(
        records,
        resolve_citations=resolve_articles,
        resolve_provision=resolve_provision,
        existing_stems=set(Question.objects.values_list("stem_key", flat=True)),
        extra_columns=[c for c in columns if c not in importing.COLUMNS],
        progress=job.report_progress,
    )
    imported = 0
    if result.ok and not job.dry_run:
        imported = len(questions_import(result=result))
    _job_finish(
        job,
        processed=len(records),
        imported=imported,
        valid=len(result.questions),
        errors=[
            {"row": e.row, "column": e.column, "reason": e.reason}
            for e in result.errors
        ],
    )


def _job_finish(job, *, errors=(), imported=0, processed=0, valid=0):
    from home.models import ImportJob

    job.status = ImportJob.Status.DONE
    job.errors = list(errors)
    job.imported = imported
    job.processed = processed or job.processed
    job.valid = valid
    job.data = b""
    job.finished_at = timezone.now()
    job.save()


def questions_export_rows(questions) -> list[dict[str, str]]:
    """Questions as rows of the import layout (what the export writes)."""
    rows = []
    for q in questions.prefetch_related("knowledge_points"):
        row = {
            "题型": NAME_BY_TYPE[q.qtype],
            "题干": q.stem,
            "答案": _answer_cell(q.qtype, q.answer),
            "解析": q.explanation,
            "知识点": "、".join(k.name for k in q.knowledge_points.all()),
            "法规条款": q.citations,
            "难度": str(q.difficulty),
        }
        row.update(zip(OPTION_COLUMNS, q.options or [], strict=False))
        rows.append(row)
    return rows


def _answer_cell(qtype: str, answer) -> str:
    return scoring.answer_text(qtype, answer)
