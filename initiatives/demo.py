"""Demo contests: the Аламүдүн-like contest of seed 003 §3.2 and one contest in each state.

Invented names only. Everything goes through the services, so audit rows, notices and
PDFs exist as they would in real use. Idempotent: a contest whose title exists is skipped.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from municipality.models import LocalIssue, LocalIssueReference, User, Village

from . import services
from .models import Application, Contest

# Items of the legal list of local issues (Law on LSG, art. 27) the contest supports:
# folk arts, leisure, physical culture and sport.
DIRECTION_ITEMS = (18, 19, 21)

EXTRA_MEMBERS = {
    # username: (full name, position)
    "commission4": ("Турдубаева Жылдыз", "Айылдык кеңештин депутаты"),
    "commission5": ("Эсенов Бакыт", "Жамааттын өкүлү"),
}
EXTRA_RESIDENTS = {"resident3": "Абдыкадырова Света"}

ALAMUDUN_TITLE = "Жаштардын бош убактысы жана спорт демилгелери"

PROJECTS = [
    # (username, kind, organisation, title, title of estimate line, requested, own cash, ashar, score)
    (
        "resident1",
        Application.Kind.GROUP,
        "«Жаштар күчү» демилгелүү тобу",
        "Айылдын спорт аянтчасын жасалгалоо",
        "Тренажерлор жана тосмо",
        "39000",
        "3000",
        "4000",
        9,
    ),
    (
        "resident2",
        Application.Kind.ASSOCIATION,
        "«Көркөм өнөр» ассоциациясы",
        "Элдик кол өнөрчүлүк ийрими",
        "Кийиз жасоо үчүн материалдар",
        "39000",
        "2000",
        "2000",
        8,
    ),
    (
        "resident3",
        Application.Kind.INDIVIDUAL,
        "",
        "Китепканада шахмат клубу",
        "Шахмат такталары жана саат",
        "30000",
        "1000",
        "1000",
        6,
    ),
]


def _user(username, full_name, roles=(), password_hash=""):
    """A demo account that can log in with the printed demo password (`password_hash` is the
    hash of the kernel's demo accounts: every account `make run` prints has the same one)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@example.kg"}
    )
    if created:
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get_or_create(name=r)[0] for r in roles])
    return user


def _directions():
    """The municipality's own list entries for the contest's legal items (added if missing)."""
    issues = []
    for reference in LocalIssueReference.objects.filter(number__in=DIRECTION_ITEMS):
        issue = LocalIssue.objects.filter(reference=reference, is_active=True).first()
        if issue is None:
            issue = LocalIssue.objects.create(
                reference=reference,
                title=reference.title_ky,
                title_ky=reference.title_ky,
                title_ru=reference.title_ru,
                priority=4,
            )
        issues.append(issue)
    return issues


def _contest(users, title, title_ru, *, budget="78000", maximum="39000", directions):
    today = timezone.localdate()
    contest = services.contest_create(
        actor=users["staff"],
        title=title,
        title_ru=title_ru,
        description="Айыл аймагынын тургундарынын демилгелерин жергиликтүү бюджеттен колдоо.",
        description_ru="Поддержка инициатив жителей из местного бюджета.",
        resolution_number="12-3",
        resolution_date=today - datetime.timedelta(days=30),
        budget=Decimal(budget),
        max_per_project=Decimal(maximum),
        own_contribution_percent=Decimal("10"),
        window_opens=today - datetime.timedelta(days=5),
        window_closes=today + datetime.timedelta(days=8),
        terms_of_reference=(
            "Долбоор сынактын багыттарынын бирине туура келиши керек. Өтүнмөгө пландалган "
            "иш-чаралар жана чыгымдын сметасы тиркелет. Өз салымы — жалпы сумманын 10 %."
        ),
        terms_of_reference_ru=(
            "Проект должен соответствовать одному из направлений конкурса. К заявке "
            "прилагаются план мероприятий и смета расходов. Собственный вклад — 10 % суммы."
        ),
        questions=["Долбоор бүткөндөн кийин ким колдоп турат?"],
        directions=directions,
    )
    return contest


def _commission(contest, users, members):
    for index, user in enumerate(members):
        position = EXTRA_MEMBERS.get(user.username, ("", "Айыл өкмөтүнүн кызматкери"))[1]
        services.commission_member_add(
            actor=users["staff"],
            contest=contest,
            user=user,
            is_chair=index == 0,
            position=position,
        )
    services.commission_appoint(actor=users["head"], contest=contest)


def _apply(contest, user, kind, organisation, title, item, requested, cash, ashar, village):
    requested, cash, ashar = Decimal(requested), Decimal(cash), Decimal(ashar)
    total = requested + cash + ashar
    application = services.application_save_draft(
        actor=user,
        contest=contest,
        fields={
            "kind": kind,
            "organisation": organisation,
            "group_members": "Асанов Нурбек\nКеримов Азамат\nТокоева Айгерим"
            if kind == Application.Kind.GROUP
            else "",
            "title": title,
            "village": village,
            "problem": "Айылда жаштар жана балдар үчүн бош убакытты өткөрүүчү жай жетишсиз.",
            "beneficiaries_count": 150,
            "beneficiaries_who": "Айылдын жаштары жана балдары",
            "requested_sum": requested,
            "contribution_cash": cash,
            "contribution_ashar": ashar,
            "contact_phone": "",
            "answers": {"0": "Айылдык жаштар кеңеши."},
        },
        local_issues=contest.directions.all()[:1],
        activities=[
            {
                "description": "Материалдарды сатып алуу жана орнотуу",
                "starts_on": timezone.localdate() + datetime.timedelta(days=20),
                "ends_on": timezone.localdate() + datetime.timedelta(days=30),
            }
        ],
        estimate_lines=[
            {
                "item": item,
                "unit": "комплект",
                "quantity": Decimal(1),
                "unit_price": requested,
                "total": requested,
            },
            {
                "item": "Ашар эмгеги жана өз каражаты",
                "unit": "иш",
                "quantity": Decimal(1),
                "unit_price": cash + ashar,
                "total": cash + ashar,
            },
        ],
    )
    assert application.total_funding == total
    return services.application_submit(actor=user, application=application)


@dataclass
class _Run:
    """A demo contest on its way to `target`, with what the steps share."""

    contest: Contest
    users: dict
    members: list
    target: str
    village: object
    applications: list = field(default_factory=list)


def _step_announce(run):
    _commission(run.contest, run.users, run.members)
    services.contest_announce(actor=run.users["staff"], contest=run.contest)


def _step_accept(run):
    run.contest = services.contest_open(actor=run.users["staff"], contest=run.contest)
    run.applications = [
        _apply(run.contest, run.users[u], kind, org, title, item, req, cash, ashar, run.village)
        for u, kind, org, title, item, req, cash, ashar, _s in PROJECTS
    ]
    if run.target == Contest.Status.ACCEPTING:
        services.application_save_draft(
            actor=run.users["resident1"],
            contest=run.contest,
            fields={"title": "Балдар үчүн селкинчек", "problem": "Көчөдө балдар ойногон жай жок."},
        )


def _step_evaluate(run):
    for application in run.applications:
        services.application_check(
            actor=run.users["staff"],
            application=application,
            eligible=True,
            reason="Бардык шарттарга жооп берет.",
        )
    # The demo's history: the published deadline has passed (intake cannot close earlier).
    Contest.objects.filter(pk=run.contest.pk).update(
        window_closes=timezone.localdate() - datetime.timedelta(days=1)
    )
    run.contest = services.contest_close_window(actor=run.users["staff"], contest=run.contest)
    # Evaluation under way: only two members have scored so far.
    scoring = run.members[:2] if run.target == Contest.Status.EVALUATION else run.members
    for m_index, member in enumerate(scoring):
        for (*_rest, score), application in zip(PROJECTS, run.applications, strict=True):
            _score(run.contest, m_index, member, application, score, run.applications)


def _score(contest, m_index, member, application, score, applications):
    conflicted = m_index == 4 and application is applications[1]
    services.declaration_record(
        actor=member,
        application=application,
        has_conflict=conflicted,
        note="Өтүнмө берүүчүнүн тууганы" if conflicted else "",
    )
    if conflicted:
        return
    values = {
        c.pk: (max(0, min(c.max_score, score - (m_index % 2))), "Негиздүү долбоор.")
        for c in contest.criteria.all()
    }
    services.scores_save(actor=member, application=application, values=values, submit=True)


def _step_sitting(run):
    """The sitting: the protocol is put up for signing; the chair and one member sign at once
    (left there, the other printed members sign it themselves)."""
    services.protocol_prepare(actor=run.users["staff"], contest=run.contest)
    signers = run.members[:2] if run.target == Contest.Status.PROTOCOL else run.members[:4]
    for member in signers:
        services.protocol_sign(actor=member, contest=run.contest)


def _step_adopt(run):
    services.protocol_adopt(actor=run.users["staff"], contest=run.contest)


def _step_results(run):
    services.contest_results_approve(actor=run.users["head"], contest=run.contest)


def _step_implement(run):
    contest = run.contest
    for application in contest.applications.filter(status=Application.Status.SELECTED):
        services.agreement_issue(actor=run.users["staff"], application=application)
    services.contest_start_implementation(actor=run.users["staff"], contest=contest)
    _report_events(contest, run.village)


def _step_close(run):
    services.contest_close(actor=run.users["staff"], contest=run.contest)


LIFECYCLE = [
    (Contest.Status.ANNOUNCED, _step_announce),
    (Contest.Status.ACCEPTING, _step_accept),
    (Contest.Status.EVALUATION, _step_evaluate),
    (Contest.Status.PROTOCOL, _step_sitting),
    (Contest.Status.ADOPTED, _step_adopt),
    (Contest.Status.RESULTS, _step_results),
    (Contest.Status.IMPLEMENTATION, _step_implement),
    (Contest.Status.CLOSED, _step_close),
]


def _run_to(contest, users, members, target, village):
    """Take a contest through its lifecycle up to `target` using the services."""
    if target in HALT_REASONS:
        _run_to(contest, users, members, Contest.Status.ANNOUNCED, village)
        halt = (
            services.contest_cancel
            if target == Contest.Status.CANCELLED
            else services.contest_postpone
        )
        halt(actor=users["head"], contest=contest, reason=HALT_REASONS[target])
        return contest
    run = _Run(contest=contest, users=users, members=members, target=target, village=village)
    reach = [status for status, _step in LIFECYCLE]
    if target != Contest.Status.DRAFT:
        for _status, step in LIFECYCLE[: reach.index(target) + 1]:
            step(run)
    return run.contest


def _report_events(contest, village):
    """The first winner's progress report counts its events as seed 003 did."""
    application = (
        contest.applications.filter(status=Application.Status.SELECTED).order_by("pk").first()
    )
    report = application and application.reports.filter(submitted_at__isnull=True).first()
    if report is None:
        return
    services.report_submit(
        actor=application.applicant,
        report=report,
        text="Көчөлөрдө 5 күн ичинде 7 оюн коюлду; тургундар жана балдар катышты.",
        spending=[
            {"item": line.item, "planned": line.total, "spent": line.total}
            for line in application.estimate_lines.all()
        ],
        # Seed 003: 1 650 people, 360 men, 690 women and 600 children.
        attendance={
            "attendance_total": 1650,
            "attendance_men": 360,
            "attendance_women": 690,
            "attendance_under_18": 600,
        },
        villages={village: 1650} if village else {},
    )


STATES = [
    (Contest.Status.RESULTS, ALAMUDUN_TITLE, "Инициативы молодёжи: досуг и спорт"),
    (
        Contest.Status.DRAFT,
        "Көчө жарыктандыруу демилгелери (долбоор)",
        "Инициативы по уличному освещению (черновик)",
    ),
    (
        Contest.Status.ANNOUNCED,
        "Маданият үйүн жандандыруу сынагы",
        "Конкурс по оживлению дома культуры",
    ),
    (Contest.Status.ACCEPTING, "Балдар аянтчалары", "Детские площадки"),
    (
        Contest.Status.EVALUATION,
        "Мектеп спорт залын жасалгалоо сынагы",
        "Конкурс по оснащению школьного спортзала",
    ),
    # the sitting: two of five members have signed the protocol, the others sign it themselves
    (
        Contest.Status.PROTOCOL,
        "Жайыт көпүрөсүн оңдоо демилгелери",
        "Инициативы по ремонту моста к пастбищу",
    ),
    # the protocol is adopted: the head's order approving the results is next
    (
        Contest.Status.ADOPTED,
        "Айыл борборун көрктөндүрүү демилгелери",
        "Инициативы по благоустройству центра села",
    ),
    (
        Contest.Status.IMPLEMENTATION,
        "Айыл китепканасынын демилгелери",
        "Инициативы сельской библиотеки",
    ),
    (Contest.Status.CLOSED, "Элдик оюндар фестивалы", "Фестиваль народных игр"),
    # seed 003: the Нооруз contest was cancelled for the quarantine
    (Contest.Status.CANCELLED, "Нооруз майрамынын демилгелери", "Инициативы к празднику Нооруз"),
    (Contest.Status.POSTPONED, "Таза суу демилгелери", "Инициативы по чистой воде"),
]
HALT_REASONS = {
    Contest.Status.CANCELLED: "Карантиндик чектөөлөрдөн улам массалык иш-чаралар өткөрүлбөйт.",
    Contest.Status.POSTPONED: "Жергиликтүү бюджеттин каражаты кеңештин сессиясында тактала элек.",
}


def _window_in_the_past(contest):
    """Dates that agree with the status: a contest past its window closed it before today,
    and its applications came in while it was open (they were seeded today)."""
    if contest.status in (
        Contest.Status.DRAFT,
        Contest.Status.ANNOUNCED,
        Contest.Status.ACCEPTING,
    ):
        return
    today = timezone.localdate()
    opens, closes = today - datetime.timedelta(days=30), today - datetime.timedelta(days=2)
    Contest.objects.filter(pk=contest.pk).update(window_opens=opens, window_closes=closes)
    received = timezone.now() - datetime.timedelta(days=10)
    Application.objects.filter(contest=contest, submitted_at__isnull=False).update(
        submitted_at=received
    )


def seed(*, municipality, users, stdout):
    """One contest in every state; the first is the Аламүдүн-like one (78 000 som, 2 winners)."""
    # The extra accounts join `users`, so `seed_demo` prints them and they can log in:
    # contest 5 needs 4 of its 5 commission members to score.
    password_hash = next(iter(users.values())).password if users else ""
    for username, (full_name, _position) in EXTRA_MEMBERS.items():
        users[username] = _user(
            username, full_name, roles=["commission_member"], password_hash=password_hash
        )
    for username, full_name in EXTRA_RESIDENTS.items():
        users[username] = _user(username, full_name, password_hash=password_hash)
    members = [users[f"commission{i}"] for i in range(1, 6)]
    directions = _directions()
    village = Village.objects.first()
    for target, title, title_ru in STATES:
        if Contest.objects.filter(title_ky=title).exists():
            continue
        contest = _contest(users, title, title_ru, directions=directions)
        _run_to(contest, users, members, target, village)
        contest.refresh_from_db()
        _window_in_the_past(contest)
        contest.refresh_from_db()
        stdout.write(f"  initiatives: {title} — {contest.get_status_display()}")
