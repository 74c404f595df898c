"""A small portal with something on every page, and the list of pages a person can reach.

The accessibility and phone tests walk the same list, so a new page is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone, translation

from hub.models import Country, FunderTemplate
from hub.selectors import hub_cache_clear
from imports.models import ImportRecord
from partnerships.models import Stage
from tests.factories import (
    ActionFactory,
    CallDocumentFactory,
    CallFactory,
    CommitmentFactory,
    ConsultationFactory,
    EventFactory,
    FieldOfActivityFactory,
    FunderFactory,
    HostOrganisationFactory,
    InitiativeFactory,
    InvitationFactory,
    JoinRequestFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    NewsItemFactory,
    OperationFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    PeerCallFactory,
    PeerEventFactory,
    PeerFactory,
    ProgrammeFactory,
    RegionFactory,
    RegistrationFactory,
    RepresentationFactory,
    StaffMemberFactory,
    SubmissionFactory,
    SupporterFactory,
    UserFactory,
)

LANGUAGES = ["sl", "en", "bg", "pl"]


@dataclass
class Site:
    organisation: object
    bulgarian: object
    event: object
    bulgarian_event: object
    registration: object
    member: object  # hub staff and the admin of `organisation`: sees every signed-in page
    call: object
    partnership: object  # a partner of it is `organisation`
    consultation: object
    initiative: object  # led by `organisation`
    import_record: object  # an uploaded file waiting in its preview
    questionnaire: object = None  # feedback on `event`, answered by six people
    assessment: object = None  # the 'after' capacity assessment `organisation` answered
    answer_link: str = ""  # a participant's personal link to the feedback


def build_site() -> Site:
    goriska = RegionFactory(name="Goriška", slug="goriska")
    ruse_region = RegionFactory(name="Област Русе", slug="oblast-ruse", country=Country.BULGARIA)
    nova_gorica = MunicipalityFactory(name="Nova Gorica", slug="nova-gorica", region=goriska)
    ruse = MunicipalityFactory(name="Русе", slug="ruse", region=ruse_region)
    social = FieldOfActivityFactory(name="Socialno varstvo", slug="socialno-varstvo")
    youth = FieldOfActivityFactory(name="Mladina", slug="mladina")

    organisation = OrganisationFactory(
        name="Društvo za pomoč starejšim Nova Gorica",
        short_name="DPS Nova Gorica",
        slug="drustvo-pomoc-starejsim",
        seat=nova_gorica,
        email="info.predolgo.ime.drustva@pomoc-starejsim-nova-gorica.example.org",
        website="https://www.pomoc-starejsim-nova-gorica.example.org/o-nas/kontakt",
        phone="+386 5 123 45 67",
        registration_number="9331310",
        tax_number="50223054",
        founded_year=1998,
        members=120,
        description="Pomagamo starejšim v Novi Gorici in okolici: obiski na domu, prevozi.",
        fields=[social, youth],
        municipalities_served=[nova_gorica],
    )
    bulgarian = OrganisationFactory(
        name="Сдружение „Младежки дом“ Русе",
        slug="mladezhki-dom-ruse",
        country=Country.BULGARIA,
        seat=ruse,
        description="Работим с младежи от Русе и областта.",
        fields=[youth],
    )
    for number in range(6):
        OrganisationFactory(name=f"Kulturno društvo {number}", seat=nova_gorica, fields=[social])
    # Imported, with no members yet: its public address may claim it.
    OrganisationFactory(
        name="Društvo upokojencev Kanal",
        slug="du-kanal",
        seat=nova_gorica,
        email="du.kanal@example.org",
    )

    member = UserFactory(
        email="koordinatorka.z.dolgim.naslovom@pomoc-starejsim-nova-gorica.example.org",
        first_name="Ana",
        last_name="Novak",
        is_staff=True,
    )
    MembershipFactory(user=member, organisation=organisation, role="admin")
    MembershipFactory(organisation=organisation, role="editor")
    JoinRequestFactory(organisation=organisation, message="Pri društvu sem prostovoljka.")
    JoinRequestFactory(organisation=bulgarian, user=member)
    InvitationFactory(organisation=organisation, invited_by=member)

    start = (timezone.now() + timedelta(days=10)).replace(hour=9, minute=0, second=0)
    event = EventFactory(
        title="Delavnica: kako napisati prijavo na javni razpis",
        slug="delavnica-javni-razpis",
        start=start,
        end=start + timedelta(hours=4),
        municipality=nova_gorica,
        organiser=organisation,
        online_url="https://meet.example.org/delavnica-javni-razpis-nova-gorica",
        fields=[social],
    )
    bulgarian_event = EventFactory(
        title="Обучение за писане на проекти",
        slug="obuchenie-proekti",
        language="bg",
        start=start + timedelta(days=2),
        end=start + timedelta(days=2, hours=3),
        municipality=ruse,
        venue="Младежки дом",
    )
    EventFactory(
        title="Pretekla delavnica",
        slug="pretekla-delavnica",
        start=start - timedelta(days=40),
        end=start - timedelta(days=40) + timedelta(hours=2),
    )
    registration = RegistrationFactory(event=event, name="Marija Kovač", email=member.email)
    RegistrationFactory(event=event, name="Boris Novak", attended=True)
    RegistrationFactory(event=bulgarian_event, name="Иван Петров", language="bg")
    funder = FunderFactory(name="Evropski socialni sklad plus", slug="esf-plus", kind="eu_fund")
    call = CallFactory(
        title="Javni razpis za sofinanciranje programov nevladnih organizacij na področju "
        "socialnega varstva 2027–2028",
        slug="razpis-socialno-varstvo",
        funder=funder,
        programme="Socialna vključenost",
        language="sl",
        sectors=["civil"],
        legal_forms=["association", "private_institute"],
        regions=[goriska],
        fields=[social],
        deadline=timezone.now() + timedelta(days=5),
        official_url="https://www.gov.si/zbirke/javne-objave/razpis-socialno-varstvo-2027-2028/",
        contact="Ana Kralj, ana.kralj.predolg.naslov@ministrstvo-za-socialne-zadeve.example.org",
    )
    CallDocumentFactory(call=call, title="Razpisna dokumentacija")
    CallFactory(
        title="Малки грантове за младежки инициативи",
        slug="mladezhki-initsiativi",
        language="bg",
        country=Country.BULGARIA,
        time_zone="Europe/Sofia",
        funder=FunderFactory(
            name="Фонд „Активни граждани България“", slug="acf", kind="eea_norway"
        ),
        opens=timezone.now() + timedelta(days=3),
        deadline=timezone.now() + timedelta(days=40),
    )
    event.call = call
    event.save()
    _programme_and_entry_data(event)
    partnership = _partnership(organisation, nova_gorica, social)
    consultation, initiative = _advocacy(organisation, nova_gorica, social, partnership)
    _news_and_people(organisation, event, call)
    import_record = _import(member)
    # A followed portal of another hub, with an event and a call read from it.
    peer = PeerFactory(name="Stičišče Gorenjska", base_url="https://gorenjska.example.org")
    PeerEventFactory(peer=peer, title="Delavnica za mladinske organizacije")
    PeerCallFactory(peer=peer, title="Razpis za male projekte")
    questionnaire, assessment, answer_link = _questionnaires(event, organisation, member)
    return Site(
        organisation,
        bulgarian,
        event,
        bulgarian_event,
        registration,
        member,
        call,
        partnership,
        consultation,
        initiative,
        import_record,
        questionnaire,
        assessment,
        answer_link,
    )


def _news_and_people(organisation, event, call) -> None:
    """A news item about the event, a sent newsletter issue, the hub's people and a co-host."""
    from news.models import IssueStatus, NewsletterIssue

    item = NewsItemFactory(
        title_sl="Usposobili smo 35 nevladnih organizacij iz Goriške za pisanje projektov",
        title_en="35 NGOs from Goriška were trained to write projects",
        title_bg="35 НПО от Горишка бяха обучени да пишат проекти",
        title_pl="35 organizacji pozarządowych z Goriški przeszkolono w pisaniu projektów",
        slug="usposobili-smo-35-nvo",
        event=event,
        call=call,
    )
    now = timezone.now()
    issue = NewsletterIssue.objects.create(
        frequency="monthly",
        introduction_en="Autumn at the hub.",
        period_start=now - timedelta(days=30),
        period_end=now,
        status=IssueStatus.SENT,
        sent_at=now,
    )
    issue.news.set([item])
    issue.events.set([event])
    issue.calls.set([call])
    StaffMemberFactory(
        name="Mojca Kavčič",
        role_sl="koordinatorka stičišča",
        role_en="hub coordinator",
        languages="slovenščina, English, italiano",
        email="mojca.kavcic@sticisce.example.org",
        contacts_public=True,
    )
    StaffMemberFactory(name="Tomaž Vidmar", role_en="adviser", contacts_public=False)
    HostOrganisationFactory(organisation=organisation, contribution_en="Hosts the hub's office")


def _import(member):
    """The member may import, and has a file of organisations waiting in its preview."""
    member.user_permissions.add(Permission.objects.get(codename="import_data"))
    record = ImportRecord(kind="organisations", file_name="drustva.csv", created_by=member)
    content = "name,seat\nDruštvo Soča,nova-gorica\nDruštvo brez sedeža,\n"
    record.file.save("drustva.csv", ContentFile(content.encode()), save=True)
    return record


def _questionnaires(event, organisation, member):
    """Feedback on the event from six people who attended, and a capacity assessment of the
    organisation before and after; the member may see the results and export the answers."""
    from django.contrib.auth.models import Permission

    from questionnaires.models import Audience, Invitation, Question
    from questionnaires.services import invitation_token, response_save, sendings_run
    from tests.factories import SendingFactory
    from tests.factories.questionnaires import assessment_pair, feedback_questionnaire

    questionnaire = feedback_questionnaire()
    for n in range(6):
        RegistrationFactory(event=event, name=f"Udeleženka {n}", attended=True)
    SendingFactory(questionnaire=questionnaire, event=event)
    before, after = assessment_pair()
    for moment in (before, after):
        sending = SendingFactory(questionnaire=moment, audience=Audience.ORGANISATIONS)
        sending.organisations.set([organisation])
    sendings_run()
    for n, invitation in enumerate(Invitation.objects.select_related("sending__questionnaire")):
        questions = Question.objects.filter(section__questionnaire=invitation.sending.questionnaire)
        answers = {}
        for question in questions:
            if question.kind == "scale":
                answers[question.pk] = str(2 + n % 4)
            elif question.kind == "long_text":
                answers[question.pk] = "Več primerov iz prakse, prosim."
            elif question.kind == "single":
                answers[question.pk] = str(question.choices.first().pk)
        response_save(invitation=invitation, answers=answers)
    member.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_results", "export_answers"])
    )
    link = invitation_token(Invitation.objects.filter(registration__isnull=False).first())
    return questionnaire, after, link


def _advocacy(organisation, municipality, field, partnership):
    """An open consultation answered by an initiative with a coalition, actions, a submission."""
    consultation = ConsultationFactory(
        title="Osnutek proračuna Mestne občine Nova Gorica za leto 2027 — javna razprava",
        slug="osnutek-proracuna-nova-gorica",
        body=partnership.partners.get(organisation__sector="public").organisation,
        municipalities=[municipality],
        fields=[field],
        url="https://www.nova-gorica.si/javne-razprave/osnutek-proracuna-2027/",
    )
    initiative = InitiativeFactory(
        title="Pripombe koalicije k osnutku proračuna Mestne občine Nova Gorica",
        slug="pripombe-proracun-nova-gorica",
        lead=organisation,
        consultation=consultation,
        partnership=partnership,
        outcome=OutcomeFactory(
            partnership=partnership, kind="policy_proposal", title="Več sredstev za pomoč na domu"
        ),
        status="submitted",
    )
    OutcomeFactory(partnership=partnership, kind="policy_proposal", title="Prevozi za starejše")
    SupporterFactory(initiative=initiative, organisation=OrganisationFactory(sector="private"))
    action = ActionFactory(initiative=initiative, organisation=organisation, kind="event")
    initiative.own_action = action
    initiative.own_submission = SubmissionFactory(
        initiative=initiative, response="partly_accepted", response_note="Delno sprejeto."
    )
    RepresentationFactory(organisations=[organisation])
    return consultation, initiative


def _programme_and_entry_data(event) -> None:
    """The event is the first session of a programme, and its operation's funder asks for entry
    data, special-category items included: the form shows every fieldset, check-in its sessions."""
    event.programme = ProgrammeFactory(title="Šola pisanja prijav")
    event.save()
    EventFactory(
        title="Delavnica: kako napisati prijavo, 2. srečanje",
        slug="delavnica-javni-razpis-2",
        programme=event.programme,
        start=event.start + timedelta(days=7),
        end=event.end + timedelta(days=7),
        municipality=event.municipality,
    )
    template = FunderTemplate.objects.create(
        code="esf-plus-site",
        name="ESF+ 2021–2027",
        entry_items=["age", "gender", "education", "employment", "disability", "minority"],
    )
    OperationFactory(template=template)
    hub_cache_clear()


def _partnership(organisation, municipality, field):
    """A three-sector partnership with a meeting, commitments and an outcome."""
    partnership = PartnershipFactory(
        title="Skupna informacijska pisarna za socialne in zdravstvene storitve Nova Gorica",
        slug="informacijska-pisarna-nova-gorica",
        stage=Stage.JOINT_ACTION,
        municipalities=[municipality],
        fields=[field],
    )
    own = PartnerFactory(
        partnership=partnership,
        organisation=organisation,
        role="lead",
        responsibilities="Vodenje pisarne in prostovoljci",
        in_kind_description="Prostovoljsko delo",
        in_kind_value=4800,
    )
    public = PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(
            name="Mestna občina Nova Gorica", sector="public", legal_form="public_body"
        ),
        financial_contribution=15000,
    )
    PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(name="Lekarna Gorica d.o.o.", sector="private"),
        role="supporter",
    )
    CommitmentFactory(partner=own, what="Urnik dežurstev prostovoljcev", status="in_progress")
    CommitmentFactory(partner=public, what="Prostor v pritličju občine", status="done")
    meeting = MeetingFactory(
        partnership=partnership,
        place="Mestna občina Nova Gorica, sejna soba",
        summary="Partnerji so potrdili odprtje pisarne jeseni.",
        decisions="Pisarna bo odprta dvakrat na teden.\nObčina zagotovi prostor.",
    )
    meeting.present.set([own, public])
    OutcomeFactory(partnership=partnership, title="Skupna informacijska pisarna")
    partnership.own_partner = own
    partnership.own_commitment = own.commitments.get()
    return partnership


def pages(site: Site, language: str) -> list[tuple[str, bool]]:
    """Every page a person reaches, as (address, signed in), in one language."""
    from organisations.models import Organisation
    from organisations.tokens import claim_token

    slug, event = site.organisation.slug, site.event.slug
    partnership = site.partnership
    initiative = site.initiative
    from news.models import NewsletterIssue

    claim = claim_token(Organisation.objects.get(slug="du-kanal"))
    issue = NewsletterIssue.objects.get()
    with translation.override(language):
        registration = site.registration.get_absolute_url()
    prefix = f"/{language}"
    public = [
        "/",
        "/about/",
        "/organisations/",
        "/organisations/?q=drustvo&field=socialno-varstvo&sort=-name",
        f"/organisations/{slug}/",
        f"/organisations/{site.bulgarian.slug}/",
        "/organisations/open-data/",
        "/events/",
        "/events/?when=past",
        "/events/?include=peers",
        f"/events/{event}/",
        f"/events/{site.bulgarian_event.slug}/",
        "/calls/",
        "/calls/?q=razpis&status=open&field=socialno-varstvo&funder_kind=eu_fund",
        "/calls/?include=peers",
        f"/calls/{site.call.slug}/",
        "/partnerships/",
        "/partnerships/?q=pisarna&cross_sector=on&stage=joint_action",
        f"/partnerships/{partnership.slug}/",
        "/partnerships/network/?municipality=nova-gorica",
        "/advocacy/",
        "/advocacy/?q=proracun&status=submitted&level=municipal",
        f"/advocacy/{initiative.slug}/",
        "/advocacy/consultations/",
        "/advocacy/consultations/?q=proracun&status=open&level=municipal",
        f"/advocacy/consultations/{site.consultation.slug}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/privacy/",
        f"/organisations/claim/{claim}/",
        "/news/",
        "/news/usposobili-smo-35-nvo/",
        "/news/newsletter/",
        "/news/newsletter/issues/",
        f"/news/newsletter/issues/{issue.pk}/",
    ]
    signed_in = [
        "/organisations/my/",
        "/organisations/register/",
        "/organisations/join/",
        "/organisations/join/?q=drustvo",
        # Without admins: the page says the hub's staff get the request.
        f"/organisations/{site.bulgarian.slug}/join/",
        f"/organisations/{slug}/",
        f"/organisations/{slug}/edit/",
        f"/organisations/{slug}/people/",
        "/events/mine/",
        "/calls/alerts/",
        "/calls/?mine=on",
        f"/calls/{site.call.slug}/",
        f"/calls/{site.call.slug}/organisations/",
        f"/events/{event}/",
        f"/events/{event}/manage/",
        f"/events/{event}/manage/check-in/",
        f"/partnerships/{partnership.slug}/",
        f"/partnerships/{partnership.slug}/meetings/add/",
        f"/partnerships/{partnership.slug}/outcomes/add/",
        f"/partnerships/{partnership.slug}/partners/{partnership.own_partner.pk}/",
        f"/partnerships/{partnership.slug}/commitments/{partnership.own_commitment.pk}/",
        "/advocacy/new/",
        f"/advocacy/new/?consultation={site.consultation.slug}",
        "/advocacy/consultations/alerts/",
        f"/advocacy/{initiative.slug}/",
        f"/advocacy/{initiative.slug}/edit/",
        f"/advocacy/{initiative.slug}/status/",
        f"/advocacy/{initiative.slug}/supporters/?q=drustvo",
        f"/advocacy/{initiative.slug}/actions/add/",
        f"/advocacy/{initiative.slug}/actions/{initiative.own_action.pk}/documents/add/",
        f"/advocacy/{initiative.slug}/submissions/add/",
        f"/advocacy/{initiative.slug}/submissions/{initiative.own_submission.pk}/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/privacy/my-data/",
        "/privacy/delete-account/",
        "/reports/",
        f"/questionnaires/{site.questionnaire.pk}/results/",
        f"/questionnaires/{site.assessment.pk}/results/",
        f"/questionnaires/organisation/{slug}/",
    ]
    # What partner websites frame (portal/embeds.py), with the language in the address.
    embedded = [
        f"/embed/{language}/events/",
        f"/embed/{language}/events/?field=socialno-varstvo&municipality=nova-gorica",
        f"/embed/{language}/events/{event}/",
        f"/embed/{language}/calls/",
        f"/embed/{language}/news/",
    ]
    return (
        [(prefix + path, False) for path in public]
        + [(registration, False), (registration + "erase/", False)]
        + [
            (f"{prefix}/questionnaires/answer/{site.answer_link}/", False),
            (f"{prefix}/questionnaires/answer/{site.answer_link}/delete/", False),
        ]
        + [(path, False) for path in embedded]
        + [(prefix + path, True) for path in signed_in]
    )


def pages_in_visitors_language(site: Site) -> list[tuple[str, bool]]:
    """Pages whose address has no language: they speak the browser's (Accept-Language)."""
    imports = "/admin/imports/importrecord/"
    return [
        ("/api/v1/docs/", False),
        (imports, True),
        (f"{imports}upload/", True),
        (f"{imports}{site.import_record.pk}/preview/", True),
    ]


def session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
