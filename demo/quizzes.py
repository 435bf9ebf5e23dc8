"""Demo content of the quizzes module: a question bank on the demo articles, an exam
drawn from a blueprint, an open practice quiz, a drill and some finished attempts.

Idempotent: questions are matched on their stem, pages on their slug, the drill on
its title, and finished attempts are only made for people who have none."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import EnforcementGroup
from home.models import HomePage
from home.services import home_section_ensure
from quizzes import importing, scoring, services
from quizzes.models import (
    Attempt,
    Drill,
    Question,
    QuestionStatus,
    QuizDrawRule,
    QuizIndexPage,
    QuizMode,
    QuizPage,
    QuizQuestion,
    ReviewPolicy,
    Selection,
)

AQSC = "《安全生产法》"
XZCF = "《行政处罚法》"

# (题型, 题干, options, 答案, 解析, 知识点, 法规条款, 难度)
QUESTIONS = [
    (
        "单选",
        "生产经营单位的主要负责人是本单位安全生产的（ ）。",
        ["第一责任人", "直接责任人", "监督责任人", "间接责任人"],
        "A",
        "第五条：主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。",
        "主要负责人职责",
        AQSC + "第五条",
        1,
    ),
    (
        "判断",
        "生产经营单位的其他负责人对职责范围内的安全生产工作负责。",
        [],
        "对",
        "第五条第二句。",
        "主要负责人职责",
        AQSC + "第五条",
        1,
    ),
    (
        "多选",
        "下列属于生产经营单位主要负责人安全生产职责的有（ ）。",
        [
            "建立健全并落实全员安全生产责任制",
            "组织制定并实施安全生产教育和培训计划",
            "保证安全生产投入的有效实施",
            "审批本单位的广告宣传方案",
        ],
        "A、B、C",
        "第二十一条列举了主要负责人的七项职责，广告宣传不在其中。",
        "主要负责人职责",
        AQSC + "第二十一条",
        2,
    ),
    (
        "判断",
        "组织建立并落实安全风险分级管控和隐患排查治理双重预防工作机制，是主要负责人的职责之一。",
        [],
        "对",
        "第二十一条第（五）项。",
        "双重预防机制、主要负责人职责",
        AQSC + "第二十一条",
        2,
    ),
    (
        "单选",
        "未经安全生产教育和培训合格的从业人员，（ ）上岗作业。",
        ["经班组长同意后可以", "不得", "试用期内可以", "签订承诺书后可以"],
        "B",
        "第二十八条第一款末句：未经安全生产教育和培训合格的从业人员，不得上岗作业。",
        "教育培训",
        AQSC + "第二十八条",
        1,
    ),
    (
        "填空",
        "生产经营单位应当建立安全生产教育和培训____，如实记录培训的时间、内容、参加人员以及考核结果等情况。",
        [],
        "档案",
        "第二十八条第四款。",
        "教育培训",
        AQSC + "第二十八条",
        2,
    ),
    (
        "多选",
        "安全生产教育和培训应当保证从业人员（ ）。",
        [
            "具备必要的安全生产知识",
            "熟悉有关的安全生产规章制度和安全操作规程",
            "掌握本岗位的安全操作技能",
            "取得注册安全工程师资格",
        ],
        "A、B、C",
        "第二十八条第一款；注册安全工程师并非对一般从业人员的要求。",
        "教育培训",
        AQSC + "第二十八条",
        2,
    ),
    (
        "判断",
        "从业人员应当接受安全生产教育和培训，这是从业人员的义务。",
        [],
        "对",
        "第五十八条规定从业人员接受教育培训的义务。",
        "从业人员义务、教育培训",
        AQSC + "第五十八条",
        1,
    ),
    (
        "单选",
        "生产经营单位的特种作业人员必须经专门的安全作业培训，（ ），方可上岗作业。",
        ["取得相应资格", "经单位内部考试", "工作满一年", "签订安全责任书"],
        "A",
        "第三十条。",
        "特种作业",
        AQSC + "第三十条",
        1,
    ),
    (
        "填空",
        "特种作业人员必须按照国家有关规定经专门的安全作业培训，取得____，方可上岗作业。",
        [],
        "相应资格|资格",
        "第三十条。",
        "特种作业",
        AQSC + "第三十条",
        2,
    ),
    (
        "判断",
        "特种作业人员经单位师傅带教一个月后即可独立上岗。",
        [],
        "错",
        "第三十条要求经专门的安全作业培训并取得相应资格。",
        "特种作业",
        AQSC + "第三十条",
        1,
    ),
    (
        "单选",
        "生产经营单位应当在有较大危险因素的生产经营场所和有关设施、设备上，设置明显的（ ）。",
        ["企业标识", "安全警示标志", "宣传标语", "监控摄像头"],
        "B",
        "第三十五条。",
        "安全警示标志",
        AQSC + "第三十五条",
        1,
    ),
    (
        "判断",
        "只要在厂区大门处设置了安全警示标志，就不必在有较大危险因素的设备上另行设置。",
        [],
        "错",
        "第三十五条要求在有较大危险因素的场所和有关设施、设备上设置。",
        "安全警示标志",
        AQSC + "第三十五条",
        2,
    ),
    (
        "多选",
        "安全设备的哪些环节应当符合国家标准或者行业标准（ ）。",
        ["设计、制造", "安装、使用", "检测、维修", "改造和报废"],
        "A、B、C、D",
        "第三十六条第一款。",
        "安全设备",
        AQSC + "第三十六条",
        2,
    ),
    (
        "填空",
        "生产经营单位必须对安全设备进行经常性维护、保养，并____检测，保证正常运转。",
        [],
        "定期",
        "第三十六条第二款。",
        "安全设备",
        AQSC + "第三十六条",
        2,
    ),
    (
        "判断",
        "安全设备的维护、保养、检测应当作好记录，并由有关人员签字。",
        [],
        "对",
        "第三十六条第二款。",
        "安全设备",
        AQSC + "第三十六条",
        1,
    ),
    (
        "多选",
        "生产经营单位对重大危险源应当（ ）。",
        [
            "登记建档",
            "进行定期检测、评估、监控",
            "制定应急预案",
            "向社会公开全部工艺参数",
        ],
        "A、B、C",
        "第四十条第一款。",
        "重大危险源",
        AQSC + "第四十条",
        2,
    ),
    (
        "判断",
        "对重大危险源制定的应急预案，应当告知从业人员和相关人员在紧急情况下应当采取的应急措施。",
        [],
        "对",
        "第四十条第一款。",
        "重大危险源、应急管理",
        AQSC + "第四十条",
        2,
    ),
    (
        "单选",
        "生产经营单位应当建立安全风险（ ）管控制度。",
        ["分级", "分区", "分段", "分期"],
        "A",
        "第四十一条第一款。",
        "双重预防机制",
        AQSC + "第四十一条",
        1,
    ),
    (
        "填空",
        "事故隐患排查治理情况应当如实记录，并通过职工大会或者职工代表大会、信息公示栏等方式向____通报。",
        [],
        "从业人员",
        "第四十一条第二款。",
        "隐患排查治理",
        AQSC + "第四十一条",
        3,
    ),
    (
        "判断",
        "生产经营单位可以要求从业人员自行购买劳动防护用品。",
        [],
        "错",
        "第四十五条：生产经营单位必须为从业人员提供符合标准的劳动防护用品。",
        "劳动防护用品",
        AQSC + "第四十五条",
        1,
    ),
    (
        "单选",
        "生产经营单位为从业人员提供劳动防护用品后，还应当（ ）。",
        [
            "监督、教育从业人员按照使用规则佩戴、使用",
            "按月从工资中扣除费用",
            "交由从业人员自行保管不再过问",
            "报应急管理部门备案",
        ],
        "A",
        "第四十五条。",
        "劳动防护用品",
        AQSC + "第四十五条",
        2,
    ),
    (
        "单选",
        "生产经营单位未按照规定对从业人员进行安全生产教育和培训，逾期未改正的，对单位的罚款幅度是（ ）。",
        [
            "五万元以下",
            "十万元以上二十万元以下",
            "二十万元以上五十万元以下",
            "一万元以上二万元以下",
        ],
        "B",
        "第九十七条：责令限期改正，处十万元以下罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下罚款。",
        "行政处罚、教育培训",
        AQSC + "第九十七条",
        3,
    ),
    (
        "单选",
        "依照第九十七条，对直接负责的主管人员和其他直接责任人员的罚款为（ ）。",
        [
            "一万元以上二万元以下",
            "二万元以上五万元以下",
            "五万元以上十万元以下",
            "十万元以下",
        ],
        "B",
        "第九十七条。",
        "行政处罚",
        AQSC + "第九十七条",
        3,
    ),
    (
        "单选",
        "未在有较大危险因素的场所和设备上设置明显的安全警示标志，责令限期改正时对单位可处（ ）的罚款。",
        ["五万元以下", "十万元以下", "二十万元以下", "二千元以下"],
        "A",
        "第九十九条第（一）项。",
        "行政处罚、安全警示标志",
        AQSC + "第九十九条",
        3,
    ),
    (
        "判断",
        "未对安全设备进行经常性维护、保养和定期检测，适用第九十九条予以处罚。",
        [],
        "对",
        "第九十九条第（三）项，违反第三十六条。",
        "行政处罚、安全设备",
        AQSC + "第九十九条、" + AQSC + "第三十六条",
        3,
    ),
    (
        "单选",
        "生产经营单位未采取措施消除事故隐患的，应当（ ）。",
        [
            "责令立即消除或者限期消除，处五万元以下罚款",
            "直接吊销营业执照",
            "只作批评教育",
            "处二十万元以上罚款",
        ],
        "A",
        "第一百零二条。",
        "隐患排查治理、行政处罚",
        AQSC + "第一百零二条",
        3,
    ),
    (
        "填空",
        "生产经营单位拒不执行消除事故隐患要求的，责令____整顿。",
        [],
        "停产停业",
        "第一百零二条。",
        "隐患排查治理、行政处罚",
        AQSC + "第一百零二条",
        3,
    ),
    (
        "案例分析",
        "执法人员检查某化工储运公司，发现三名新入职装卸工未经安全生产教育和培训即已上岗作业。请选择该公司违反的条款和应当适用的处罚依据。",
        [
            AQSC + "第二十八条",
            AQSC + "第三十五条",
            AQSC + "第九十九条第一项",
            AQSC + "第九十七条第三项",
        ],
        "A；D",
        "违反第二十八条（未经培训合格不得上岗），依照第九十七条第（三）项处罚。",
        "教育培训、行政处罚",
        AQSC + "第二十八条、" + AQSC + "第九十七条",
        4,
    ),
    (
        "案例分析",
        "检查发现某冷链物流公司液氨储罐区未设置任何安全警示标志。请选择违反的条款和处罚依据。",
        [
            AQSC + "第四十五条",
            AQSC + "第三十五条",
            AQSC + "第九十九条第一项",
            AQSC + "第九十七条第三项",
        ],
        "B；C",
        "违反第三十五条，依照第九十九条第（一）项处罚。",
        "安全警示标志、行政处罚",
        AQSC + "第三十五条、" + AQSC + "第九十九条",
        4,
    ),
    (
        "案例分析",
        "某机械厂的安全阀、压力表多年未检测，也没有维护保养记录。请选择违反的条款和处罚依据。",
        [
            AQSC + "第三十六条",
            AQSC + "第九十九条第三项",
            AQSC + "第三十条",
            AQSC + "第九十七条第七项",
        ],
        "A；B",
        "违反第三十六条第二款，依照第九十九条第（三）项处罚。",
        "安全设备、行政处罚",
        AQSC + "第三十六条、" + AQSC + "第九十九条",
        4,
    ),
    (
        "单选",
        "违法行为在（ ）内未被发现的，一般不再给予行政处罚。",
        ["一年", "二年", "三年", "五年"],
        "B",
        "行政处罚法第三十六条；涉及生命健康安全且有危害后果的延长至五年。",
        "追责时效",
        XZCF + "第三十六条",
        2,
    ),
    (
        "判断",
        "行政处罚应当由具有行政执法资格的执法人员实施，执法人员不得少于两人，法律另有规定的除外。",
        [],
        "对",
        "行政处罚法第四十二条。",
        "执法程序",
        XZCF + "第四十二条",
        1,
    ),
    (
        "多选",
        "作出行政处罚决定之前，行政机关应当告知当事人（ ）。",
        [
            "拟作出的行政处罚内容",
            "事实、理由、依据",
            "依法享有的陈述、申辩、要求听证等权利",
            "执法人员的家庭住址",
        ],
        "A、B、C",
        "行政处罚法第四十四条。",
        "告知程序",
        XZCF + "第四十四条",
        2,
    ),
    (
        "判断",
        "行政机关可以因当事人陈述、申辩而给予更重的处罚。",
        [],
        "错",
        "行政处罚法第四十五条：不得因当事人陈述、申辩而给予更重的处罚。",
        "陈述申辩",
        XZCF + "第四十五条",
        2,
    ),
    (
        "单选",
        "适用简易程序当场处罚时，对法人或者其他组织的罚款上限是（ ）。",
        ["二百元", "一千元", "三千元", "五千元"],
        "C",
        "行政处罚法第五十一条：对公民二百元以下、对法人或者其他组织三千元以下。",
        "简易程序",
        XZCF + "第五十一条",
        2,
    ),
    (
        "填空",
        "先行登记保存证据的，应当在____日内及时作出处理决定。",
        [],
        "七|7",
        "行政处罚法第五十六条；依第八十五条，此处“七日”指工作日。",
        "证据保存、期限计算",
        XZCF + "第五十六条",
        3,
    ),
    (
        "单选",
        "行政机关应当自行政处罚案件立案之日起（ ）日内作出行政处罚决定，法律、法规、规章另有规定的除外。",
        ["三十", "六十", "九十", "一百八十"],
        "C",
        "行政处罚法第六十条。",
        "办案期限",
        XZCF + "第六十条",
        2,
    ),
    (
        "填空",
        "当事人要求听证的，应当在行政机关告知后____日内提出。",
        [],
        "五|5",
        "行政处罚法第六十四条第（一）项。",
        "听证程序",
        XZCF + "第六十四条",
        3,
    ),
    (
        "判断",
        "行政处罚法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。",
        [],
        "对",
        "行政处罚法第八十五条。",
        "期限计算",
        XZCF + "第八十五条",
        2,
    ),
]

EXAM_SLUG = "quarterly-drill-exam"
PRACTICE_SLUG = "law-practice"
DRILL_SUBJECT = "岗位大练兵：安全生产法律适用"
DRILL_NOTE = "各执法小组全员参加，成绩计入季度岗位练兵考核。"


def drill_title(today) -> str:
    """The quarter's drill, named for the quarter the demo is loaded in."""
    return f"{today.year}年第{'一二三四'[(today.month - 1) // 3]}季度{DRILL_SUBJECT}"


def _rows():
    for qtype, stem, options, answer, explanation, points, cite, level in QUESTIONS:
        row = {
            "题型": qtype,
            "题干": stem,
            "答案": answer,
            "解析": explanation,
            "知识点": points,
            "法规条款": cite,
            "难度": str(level),
        }
        row.update(zip(importing.OPTION_COLUMNS, options, strict=False))
        yield row


def seed_questions() -> list[Question]:
    """The demo bank, through the importer's validation (as a trainer's file would)."""
    resolve_articles, resolve_provision = services.citation_resolvers()
    result = importing.validate_rows(
        list(_rows()),
        resolve_citations=resolve_articles,
        resolve_provision=resolve_provision,
    )
    if not result.ok:
        raise ValueError("; ".join(str(e) for e in result.errors))
    questions = []
    for parsed in result.questions:
        key = importing.stem_key(parsed.stem)[:500]
        question = Question.objects.filter(stem_key=key).first() or Question()
        question.qtype, question.stem = parsed.qtype, parsed.stem
        question.options, question.answer = parsed.options, parsed.answer
        question.explanation, question.citations = parsed.explanation, parsed.citations
        question.case_article, question.case_provision = (
            parsed.case_article,
            parsed.case_provision,
        )
        question.difficulty, question.status = parsed.difficulty, QuestionStatus.ACTIVE
        articles = list(parsed.articles)
        if parsed.case_article and parsed.case_article not in articles:
            articles.append(parsed.case_article)
        questions.append(
            services.question_save(
                question=question,
                knowledge_points=parsed.knowledge_points,
                articles=articles,
            )
        )
    return questions


def _page(parent, model, slug, create_only=None, **fields):
    """The page with this slug, or a new unsaved one (``created`` tells which):
    pages are made and published once, so a second run adds no revision."""
    page = model.objects.filter(slug=slug).first()
    if page is not None:
        page = page.specific
        page.created = False
        return page
    page = model(slug=slug, **fields, **(create_only or {}))
    page.created = True
    return page


def _publish(parent, page):
    if page.created:
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_pages(questions):
    home = HomePage.objects.get()
    index = _page(
        home,
        QuizIndexPage,
        "quizzes",
        title="在线考试与练习",
        intro="<p>岗位练兵考试、法律知识练习、错题本，手机上也能随时作答。</p>",
    )
    _publish(home, index)
    now = timezone.now()
    exam = _page(
        index,
        QuizPage,
        EXAM_SLUG,
        title="岗位练兵考试：安全生产法律适用",
        intro="<p>随机组卷，每人试卷不同但难度相当。限时 20 分钟，答案随答随存。</p>",
        mode=QuizMode.EXAM,
        selection=Selection.BLUEPRINT,
        time_limit_minutes=20,
        create_only={"closes_at": (now + timedelta(days=30)).replace(second=0)},
        attempts_allowed=2,
        pass_mark=60,
        partial_credit=scoring.PARTIAL_HALF,
        review_policy=ReviewPolicy.AFTER_CLOSE,
        audience_everyone=False,
    )
    if exam.created:
        exam.draw_rules = [
            QuizDrawRule(qtype="single", count=4, points=2),
            QuizDrawRule(qtype="multiple", count=2, points=3),
            QuizDrawRule(qtype="judge", count=4, points=2),
            QuizDrawRule(qtype="blank", count=2, points=3),
            QuizDrawRule(qtype="case", count=1, points=4),
        ]
        exam.audience_roles.set(
            Group.objects.filter(name__in=[roles.ENFORCEMENT_OFFICER, roles.TRAINER])
        )
        _publish(index, exam)
    practice = _page(
        index,
        QuizPage,
        PRACTICE_SLUG,
        title="安全生产法律知识练习",
        intro="<p>面向企业员工和社会公众的开放练习，不限次数，不计时，交卷后即可查看解析。</p>",
        mode=QuizMode.PRACTICE,
        selection=Selection.FIXED,
        time_limit_minutes=None,
        closes_at=None,
        attempts_allowed=0,
        attempt_policy=scoring.HIGHEST,
        audience_everyone=True,
        allow_anonymous=True,
        review_policy=ReviewPolicy.AFTER_SUBMIT,
    )
    if practice.created:
        basics = [q for q in questions if q.qtype in ("single", "judge")][:10]
        practice.fixed_questions = [QuizQuestion(question=q, points=10) for q in basics]
        _publish(index, practice)
    return index, exam, practice


def seed_drill(exam):
    """The quarter's drill, open now: due in two weeks from the day the demo is
    loaded (a later run moves a drill whose date has passed back into the
    present, and names it for the current quarter)."""
    now = timezone.now()
    drill = Drill.objects.filter(quiz=exam, title__endswith=DRILL_SUBJECT).first()
    if drill is None:
        drill = Drill(quiz=exam)
    if drill.pk is None or drill.deadline < now:
        drill.deadline = (timezone.localtime(now) + timedelta(days=14)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
    drill.title = drill_title(timezone.localdate())
    drill.note = DRILL_NOTE
    drill.save()
    drill.groups.set(
        EnforcementGroup.objects.filter(name__in=["执法一组", "执法二组", "执法三组"])
    )
    return drill


def seed_attempts(exam):
    """Finished attempts for officer3..6: some pass, one fails, one not taken yet."""
    User = get_user_model()
    # (username, share of questions answered right)
    plans = [("officer3", 0.9), ("officer4", 0.7), ("officer5", 0.4)]
    made = 0
    for username, share in plans:
        user = User.objects.filter(username=username).first()
        if user is None or Attempt.objects.filter(quiz=exam, user=user).exists():
            continue
        rng = random.Random(username)
        started = timezone.now() - timedelta(days=2, minutes=30)
        attempt = services.attempt_start(quiz=exam, user=user, now=started, rng=rng)
        for answer in attempt.answers.select_related("version"):
            right = rng.random() < share
            services.attempt_answer_save(
                attempt=attempt,
                position=answer.position,
                response=_response(answer.version, right),
                now=started + timedelta(minutes=5),
            )
        services.attempt_submit(attempt=attempt, now=started + timedelta(minutes=12))
        made += 1
    return made


def _response(version, right: bool):
    key = version.answer
    if right:
        return [a[0] for a in key] if version.qtype == scoring.BLANK else key
    if version.qtype == scoring.JUDGE:
        return not key
    if version.qtype == scoring.BLANK:
        return ["不知道" for _ in key]
    if version.qtype == scoring.CASE:
        return {"violated": key["penalty"], "penalty": key["violated"]}
    letters = scoring.OPTION_LETTERS[: len(version.options)]
    wrong = [x for x in letters if x not in (key if isinstance(key, list) else [key])]
    return wrong[0] if version.qtype == scoring.SINGLE else wrong[:1] + key[:1]


def seed(*, log, **options):
    questions = seed_questions()
    index, exam, practice = seed_pages(questions)
    drill = seed_drill(exam)
    made = seed_attempts(exam)
    home_section_ensure(
        title="在线考试与练习",
        summary="岗位练兵考试、法律知识练习和错题本，手机可随时作答。",
        page=index,
    )
    log(
        f"题库：{len(questions)} 道题；考试「{exam.title}」、练习「{practice.title}」；"
        f"练兵任务「{drill.title}」；新增已交答卷 {made} 份"
    )
