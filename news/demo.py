"""Demo news, a past newsletter issue and the hub's people for each demo hub, in four
languages. Loaded by ``manage.py load_demo`` after the events, calls and partnerships it links
to. The people's names are made up; their roles are those the hubs' own websites list."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from calls.models import Call
from events.models import Event, EventKind
from organisations.models import Organisation, VerificationStatus
from partnerships.models import Partnership

from .models import (
    HostOrganisation,
    HostRole,
    IssueStatus,
    NewsItem,
    NewsletterIssue,
    StaffMember,
)

# (slug, days ago, link, {language: (title, summary)}, body in the hub's language)
NEWS = {
    "ruse": [
        (
            "35-npo-obucheni",
            20,
            "training",
            {
                "bg": (
                    "35 НПО бяха обучени в управление на проекти",
                    "Две обучения събраха организации от осемте общини на Област Русе.",
                ),
                "en": (
                    "35 NGOs were trained in project management",
                    "Two trainings brought together organisations from the eight municipalities "
                    "of the Ruse district.",
                ),
                "sl": (
                    "35 nevladnih organizacij se je usposobilo za vodenje projektov",
                    "Dve usposabljanji sta združili organizacije iz osmih občin okrožja Ruse.",
                ),
                "pl": (
                    "35 organizacji pozarządowych przeszkolono w zarządzaniu projektami",
                    "Dwa szkolenia zgromadziły organizacje z ośmiu gmin obwodu Ruse.",
                ),
            },
            "<p>Обученията по управление на проекти и по междусекторни партньорства събраха "
            "35 неправителствени организации. Участниците подготвиха първите си общи проектни "
            "идеи с общинските администрации.</p>",
        ),
        (
            "8-rabotni-sreshti",
            6,
            "partnership",
            {
                "bg": (
                    "Проведени бяха 8 работни срещи между НПО и общините",
                    "Организациите и общинските администрации обсъдиха общи проектни идеи.",
                ),
                "en": (
                    "8 working meetings were held between NGOs and municipalities",
                    "The organisations and the municipal administrations discussed joint "
                    "project ideas.",
                ),
                "sl": (
                    "Izvedenih je bilo 8 delovnih srečanj nevladnih organizacij in občin",
                    "Organizacije in občinske uprave so se pogovorile o skupnih projektnih "
                    "zamislih.",
                ),
                "pl": (
                    "Odbyło się 8 spotkań roboczych organizacji pozarządowych z gminami",
                    "Organizacje i urzędy gmin omówiły wspólne pomysły projektowe.",
                ),
            },
            "<p>Във всяка от осемте общини се проведе работна среща. Три общи проектни идеи "
            "ще бъдат представени пред Областния съвет за развитие.</p>",
        ),
    ],
    "goriska": [
        (
            "sticisce-za-obcine-in-agencije",
            15,
            "partnership",
            {
                "sl": (
                    "Stičišče predstavilo delo občinam in razvojnim agencijam",
                    "Na srečanju z občinami, razvojnimi agencijami in zbornicami smo predstavili "
                    "podporo nevladnim organizacijam Goriške.",
                ),
                "en": (
                    "The hub presented its work to municipalities and development agencies",
                    "At a meeting with municipalities, development agencies and chambers we "
                    "presented the support for Goriška's NGOs.",
                ),
                "bg": (
                    "Центърът представи работата си пред общините и агенциите за развитие",
                    "На среща с общини, агенции за развитие и камари представихме подкрепата "
                    "за НПО в Горишка.",
                ),
                "pl": (
                    "Centrum przedstawiło swoją pracę gminom i agencjom rozwoju",
                    "Na spotkaniu z gminami, agencjami rozwoju i izbami przedstawiliśmy wsparcie "
                    "dla organizacji pozarządowych Goriški.",
                ),
            },
            "<p>Predstavniki trinajstih občin, regionalne razvojne agencije in območne zbornice "
            "so spoznali svetovanje, usposabljanja in lokalna partnerstva stičišča.</p>",
        ),
        (
            "usposabljanje-projektne-prijave",
            4,
            "training",
            {
                "sl": (
                    "Usposabljanje o pisanju projektnih prijav je bilo polno",
                    "Dvajset društev in zavodov se je naučilo načrtovati projekt od ideje do "
                    "proračuna.",
                ),
                "en": (
                    "The training on writing project applications was full",
                    "Twenty associations and institutes learned to plan a project from the idea "
                    "to the budget.",
                ),
                "bg": (
                    "Обучението за писане на проектни предложения беше пълно",
                    "Двадесет сдружения и институти се научиха да планират проект от идеята "
                    "до бюджета.",
                ),
                "pl": (
                    "Szkolenie z pisania wniosków projektowych było pełne",
                    "Dwadzieścia stowarzyszeń i instytutów nauczyło się planować projekt od "
                    "pomysłu po budżet.",
                ),
            },
            "<p>Udeleženci so pripravili osnutke prijav na odprte razpise; svetovalke stičišča "
            "jih bodo pregledale na individualnih svetovanjih.</p>",
        ),
        (
            "odprt-razpis-za-nvo",
            1,
            "call",
            {
                "sl": (
                    "Odprt je nov razpis za nevladne organizacije",
                    "Pripravili smo informativni dan; prijave sprejemamo do roka razpisa.",
                ),
                "en": (
                    "A new call for NGOs is open",
                    "We are holding an info day; applications are accepted until the deadline.",
                ),
                "bg": (
                    "Открита е нова покана за НПО",
                    "Организираме информационен ден; кандидатства се до крайния срок.",
                ),
                "pl": (
                    "Otwarto nowy nabór dla organizacji pozarządowych",
                    "Organizujemy dzień informacyjny; wnioski przyjmowane są do terminu.",
                ),
            },
            "<p>Na informativnem dnevu bomo predstavili pogoje razpisa in odgovarjali na "
            "vprašanja.</p>",
        ),
    ],
    "gdansk": [
        (
            "rada-programowa-2026",
            12,
            "partnership",
            {
                "pl": (
                    "Rada programowa centrum wybrała nowe priorytety",
                    "Organizacje z Gdańska wskazały wolontariat i współpracę z miastem.",
                ),
                "en": (
                    "The hub's programme council chose new priorities",
                    "Gdańsk's organisations named volunteering and cooperation with the city.",
                ),
                "sl": (
                    "Programski svet stičišča je izbral nove prednostne naloge",
                    "Organizacije iz Gdanska so izpostavile prostovoljstvo in sodelovanje z "
                    "mestom.",
                ),
                "bg": (
                    "Програмният съвет на центъра избра нови приоритети",
                    "Организациите от Гданск посочиха доброволчеството и сътрудничеството с града.",
                ),
            },
            "<p>Rada programowa spotkała się z przedstawicielami organizacji i urzędu miasta. "
            "Wnioski trafią do rocznego programu współpracy.</p>",
        ),
        (
            "szkolenie-wolontariat",
            3,
            "training",
            {
                "pl": (
                    "Szkolenie z koordynacji wolontariatu",
                    "Koordynatorzy wolontariuszy z 18 organizacji wymienili się doświadczeniami.",
                ),
                "en": (
                    "A training on coordinating volunteers",
                    "Volunteer coordinators from 18 organisations shared their experience.",
                ),
                "sl": (
                    "Usposabljanje o koordinaciji prostovoljcev",
                    "Koordinatorji prostovoljcev iz 18 organizacij so izmenjali izkušnje.",
                ),
                "bg": (
                    "Обучение за координиране на доброволци",
                    "Координатори на доброволци от 18 организации споделиха опит.",
                ),
            },
            "<p>Uczestnicy przygotowali wspólny kodeks dobrych praktyk wolontariatu.</p>",
        ),
    ],
}

# (name, {language: role}, languages, {language: ask about}, contacts public)
PEOPLE = {
    "goriska": [
        (
            "Nataša Bizjak",
            {
                "sl": "koordinatorka stičišča",
                "en": "hub coordinator",
                "bg": "координатор на центъра",
                "pl": "koordynatorka centrum",
            },
            "slovenščina, English, italiano",
            {
                "sl": "sodelovanje z občinami in partnerstva",
                "en": "cooperation with municipalities and partnerships",
                "bg": "сътрудничество с общините и партньорства",
                "pl": "współpraca z gminami i partnerstwa",
            },
            True,
        ),
        (
            "Rok Černe",
            {
                "sl": "svetovalec za razpise",
                "en": "adviser on funding calls",
                "bg": "консултант по покани за финансиране",
                "pl": "doradca ds. naborów",
            },
            "slovenščina, English",
            {
                "sl": "projektne prijave in proračuni",
                "en": "project applications and budgets",
                "bg": "проектни предложения и бюджети",
                "pl": "wnioski projektowe i budżety",
            },
            False,
        ),
    ],
    "ruse": [
        (
            "Десислава Петкова",
            {
                "bg": "координатор на проекта",
                "en": "project coordinator",
                "sl": "koordinatorka projekta",
                "pl": "koordynatorka projektu",
            },
            "български, English",
            {
                "bg": "обучения и работни срещи",
                "en": "trainings and working meetings",
                "sl": "usposabljanja in delovna srečanja",
                "pl": "szkolenia i spotkania robocze",
            },
            True,
        ),
        (
            "Красимир Иванов",
            {
                "bg": "експерт партньорства",
                "en": "partnerships expert",
                "sl": "strokovnjak za partnerstva",
                "pl": "ekspert ds. partnerstw",
            },
            "български, română",
            {
                "bg": "общи проекти с общините",
                "en": "joint projects with municipalities",
                "sl": "skupni projekti z občinami",
                "pl": "wspólne projekty z gminami",
            },
            False,
        ),
    ],
    "gdansk": [
        (
            "Agnieszka Wróbel",
            {
                "pl": "koordynatorka centrum",
                "en": "hub coordinator",
                "sl": "koordinatorka stičišča",
                "bg": "координатор на центъра",
            },
            "polski, English, Deutsch",
            {
                "pl": "lokal i wsparcie organizacji",
                "en": "rooms and support for organisations",
                "sl": "prostori in podpora organizacijam",
                "bg": "помещения и подкрепа за организациите",
            },
            True,
        ),
        (
            "Marek Zieliński",
            {
                "pl": "przewodniczący rady programowej",
                "en": "head of the programme council",
                "sl": "predsednik programskega sveta",
                "bg": "председател на програмния съвет",
            },
            "polski, English",
            {
                "pl": "program współpracy z miastem",
                "en": "the cooperation programme with the city",
                "sl": "program sodelovanja z mestom",
                "bg": "програмата за сътрудничество с града",
            },
            False,
        ),
    ],
}


def load(hub: str = "goriska") -> None:
    now = timezone.now()
    items = [_news(hub, entry, now) for entry in NEWS[hub]]
    _issue(items, now)
    for order, (name, role, languages, ask, public) in enumerate(PEOPLE[hub]):
        person, _created = StaffMember.objects.get_or_create(
            name=name,
            defaults={
                "languages": languages,
                "contacts_public": public,
                "email": _email(name) if public else "",
                "order": order,
                **{f"role_{code}": text for code, text in role.items()},
                **{f"ask_about_{code}": text for code, text in ask.items()},
            },
        )
    hosts = Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by(
        "pk"
    )[:2]
    for order, (organisation, role) in enumerate(
        zip(hosts, [HostRole.CO_HOST, HostRole.PARTNER], strict=False)
    ):
        HostOrganisation.objects.get_or_create(
            organisation=organisation, defaults={"role": role, "order": order}
        )


def _email(name: str) -> str:
    from hub.text import ascii_slug

    return ascii_slug(name).replace("-", ".") + "@hub.example.org"


def _news(hub: str, entry, now) -> NewsItem:
    slug, days, link, texts, body = entry
    links = {}
    if link == "training":
        links["event"] = (
            Event.objects.published().filter(kind=EventKind.TRAINING).order_by("start").first()
        )
    elif link == "call":
        links["call"] = Call.objects.published().order_by("-deadline").first()
    elif link == "partnership":
        links["partnership"] = Partnership.objects.public().order_by("pk").first()
    first = next(iter(texts))
    values = {
        "published_at": now - timedelta(days=days),
        "is_published": True,
        f"body_{first}": body,
        **links,
    }
    for code, (title, summary) in texts.items():
        values[f"title_{code}"] = title
        values[f"summary_{code}"] = summary
    values["title"], values["summary"] = texts[first]
    item, _created = NewsItem.objects.get_or_create(slug=slug, defaults=values)
    return item


def _issue(items: list[NewsItem], now) -> None:
    """Last month's issue, as the archive shows it (sent before the demo began)."""
    start = now - timedelta(days=31)
    issue, created = NewsletterIssue.objects.get_or_create(
        frequency="monthly",
        status=IssueStatus.SENT,
        defaults={"period_start": start, "period_end": now - timedelta(days=1), "sent_at": now},
    )
    if created:
        issue.news.set([item for item in items if item.published_at < issue.period_end])
        issue.events.set(Event.objects.published().filter(start__gte=now).order_by("start")[:5])
        issue.calls.set(Call.objects.published().open(now).order_by("deadline")[:5])
